/**
 * The shared conformance suite: one set of tests that proves a {@link io.vikingfs.VikingFs} backend keeps the
 * contract of docs/contract.md §1–2 (every operation and error path, preconditions, listing order and hiding, the path and
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
 * (durable commits counted below the protocols — device flushes through a {@code ForwardingDisk}, acknowledged
 * mutating requests on S3: durable calls are committed one by one, concurrent ones share flushes where
 * {@code DURABILITY_CONTROL} makes durability a separate step), {@link io.vikingfs.conformance.BackendFixture#childProcess()}
 * (the three-JVM append test; required where {@code CROSS_PROCESS_SAFE} is declared),
 * {@link io.vikingfs.conformance.BackendFixture#plantRaw} and {@link io.vikingfs.conformance.BackendFixture#plantLeftover}
 * (hidden {@code .vfs*} entries, a crashed operation's leftover for {@code recover}), and
 * {@link io.vikingfs.conformance.BackendFixture#storageRoot()} (permissions; the default planting).
 *
 * <p>Tests skip through what the store declares ({@code assumeTrue(caps.has(...))}); where a capability is
 * missing, the suite checks the documented refusal instead (for example a directory rename without
 * {@code DIRECTORY_RENAME} must throw {@link io.vikingfs.UnsupportedByBackendException} and change nothing). The
 * fixtures of this repository give every hook their backend can, so their runs skip only by capability; a
 * fixture made from a URI ({@link io.vikingfs.conformance.BackendFixture#ofUri}) cannot see below the API, and its
 * counting and planting tests skip naming the fixture.
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
 * {@code ATOMIC_*_RENAME} capabilities, invariants A1–G2 of docs/contract.md §4, {@code POWER_LOSS_SIMULATION}) — is
 * proven by the crash explorer in {@code io.vikingfs.conformance.crash}.
 */
package io.vikingfs.conformance;
