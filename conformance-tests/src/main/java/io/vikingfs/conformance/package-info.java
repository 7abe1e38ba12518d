/**
 * The shared conformance suite: one set of tests that proves a {@link io.vikingfs.VikingFs} backend keeps the
 * contract of DESIGN.md §1–2 (every operation and error path, preconditions, listing order and hiding, the path and
 * record validation tables, concurrency) and that it declares exactly the {@link io.vikingfs.Capability
 * capabilities} it proves.
 *
 * <h2>Running the suite on a backend</h2>
 * In the backend's test module, depend on {@code vikingfs-conformance-tests} (test scope) and
 * {@code junit-jupiter}, then extend {@link io.vikingfs.conformance.VikingFsConformance} with one method that
 * returns a fresh {@link io.vikingfs.conformance.BackendFixture} — an empty store that no other test sees:
 *
 * <pre>{@code
 * class LocalConformanceTest extends VikingFsConformance {
 *     @Override
 *     protected BackendFixture createFixture() throws IOException {
 *         Path dir = Files.createTempDirectory("vikingfs-local");
 *         return new BackendFixture() {
 *             public VikingFs open() throws IOException { return LocalVikingFs.open(dir); }
 *             public Capabilities expected() { return Capabilities.of(ATOMIC_FILE_RENAME, DIRECTORY_RENAME, ...); }
 *             public Optional<Path> storageRoot() { return Optional.of(dir); }
 *             public Optional<ChildProcessSpec> childProcess() {
 *                 return Optional.of(ChildProcessSpec.onCurrentClassPath(dir.toUri()));
 *             }
 *             public void close() throws IOException { ... delete dir ... }
 *         };
 *     }
 * }
 * }</pre>
 *
 * The optional hooks of the fixture unlock more checks: {@link io.vikingfs.conformance.BackendFixture#flushCount()}
 * (count syncs through a {@code ForwardingDisk}: durable calls reach the device, concurrent ones share flushes),
 * {@link io.vikingfs.conformance.BackendFixture#childProcess()} (the three-JVM append test; required where
 * {@code CROSS_PROCESS_SAFE} is declared) and {@link io.vikingfs.conformance.BackendFixture#storageRoot()}
 * (permissions, hidden {@code .vfs*} entries, planted leftovers for {@code recover}).
 *
 * <p>Tests skip only through what the store declares ({@code assumeTrue(caps.has(...))}) or a hook the fixture
 * does not give; where a capability is missing, the suite checks the documented refusal instead (for example a
 * directory rename without {@code DIRECTORY_RENAME} must throw {@link io.vikingfs.UnsupportedByBackendException}
 * and change nothing).
 *
 * <h2>Running it on a live store</h2>
 * {@link io.vikingfs.conformance.ConformanceRunner#run} runs the same suite through the JUnit Platform Launcher
 * from any code (the CLI's {@code vikingfs conformance}) and returns a
 * {@link io.vikingfs.conformance.ConformanceSummary} with every test's {@link io.vikingfs.conformance.TestOutcome};
 * {@link io.vikingfs.conformance.BackendFixture#ofUri} makes fixtures from store URIs.
 *
 * <h2>Areas</h2>
 * Reading, listing, atomicWrite, logs, rename, namespace (delete/mkdirs), switchDirectory, lifecycle (capabilities,
 * recover, close), durability, helpers ({@link io.vikingfs.Records}, {@link io.vikingfs.ForwardingVikingFs}), bad
 * paths, bad records, concurrency. Each is an abstract {@code *Cases} class bound to the backend by a
 * {@code @Nested} class of {@link io.vikingfs.conformance.VikingFsConformance}.
 *
 * <p>What this suite cannot see through a running store — atomicity and durability after a crash (the
 * {@code ATOMIC_*_RENAME} capabilities, invariants A1–G2 of DESIGN.md §4, {@code POWER_LOSS_SIMULATION}) — is
 * proven by the crash explorer in {@code io.vikingfs.conformance.crash}.
 */
package io.vikingfs.conformance;
