package io.vikingfs.cli;

import io.vikingfs.Capabilities;
import io.vikingfs.Capability;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.conformance.BackendFixture;
import io.vikingfs.conformance.ChildProcessSpec;
import io.vikingfs.conformance.ConformanceRunner;
import io.vikingfs.conformance.ConformanceSummary;
import io.vikingfs.conformance.TestOutcome;
import io.vikingfs.object.ObjectVikingFs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code vikingfs conformance}: runs the shared conformance suite against the store {@code --fs} names, each test
 * on a fresh store inside it, and prints the capabilities the store declares and the results per area.
 */
@Command(name = "conformance", description = {
        "Run the shared conformance suite on the store; exit 5 if any test fails, 6 if none failed but the "
                + "store's audit verdict refused some (reported apart, each verdict once).",
        "Each test gets a fresh store inside it (a sub-folder or prefix conformance-<time>-<random>/t<n>, or for "
                + "mem:name the names mem:name-conformance-…), removed afterwards. The suite proves every "
                + "capability the store declares. Without --fs it runs on a fresh temporary folder."})
final class ConformanceCommand implements Callable<Integer> {
    private static final int MAX_FAILURES_SHOWN = 20;

    @ParentCommand
    Main main;

    @Option(names = {"-v", "--verbose"}, description = "Print every test's outcome as it finishes.")
    boolean verbose;

    @Option(names = "--area", paramLabel = "AREA", description = {"Run only this area of the suite (repeatable; "
            + "quote names with spaces, e.g. --area atomicWrite --area 'list and walk'). Default: every area."})
    List<String> areas = new ArrayList<>();

    @Option(names = "--accept-audit", description = {"On an S3 store, accept every weaker mode the store audit's "
            + "verdict offers (auditAccept=…), so the operations it would refuse run in that mode. Guarantees the "
            + "store cannot keep at all stay refused."})
    boolean acceptAudit;

    @Override
    public Integer call() throws Exception {
        for (String area : areas) {
            if (!ConformanceRunner.areas().contains(area)) {
                // Quoted one by one: area names contain commas ("capabilities, recover, close and reopen").
                throw new IllegalArgumentException("no conformance area '" + area + "'; the areas are "
                        + String.join(", ", ConformanceRunner.areas().stream().map(a -> "'" + a + "'").toList()));
            }
        }
        Path temp = null;
        URI base;
        if (main.storeGiven()) {
            base = main.storeUri();
        } else {
            temp = Files.createTempDirectory("vikingfs-conformance-");
            base = temp.toUri();
        }
        try {
            return run(base);
        } finally {
            if (temp != null) {
                DemoCommand.deleteTree(temp);
            }
        }
    }

    private int run(URI given) throws IOException {
        URI base = given;
        boolean embedded;
        try (VikingFs fs = VikingFs.open(base)) {
            // The S3 backend names the server it started for a URI without endpoint as endpoint=embedded.
            embedded = "s3".equalsIgnoreCase(base.getScheme()) && String.valueOf(fs.uri().getQuery())
                    .contains("endpoint=embedded");
            // An S3 store was opened through its store audit: what the suite proves rests on that verdict.
            if (fs instanceof ObjectVikingFs s3) {
                s3.auditVerdict().ifPresent(v -> main.out().println(v.toTable()));
                if (acceptAudit) {
                    base = AcceptedAudit.uri(base, s3.auditVerdict());
                }
            }
        }
        if (!embedded) {
            return run(base, List.of());
        }
        try (SharedS3Server server = SharedS3Server.start(base.getAuthority())) {
            List<String> childArgs = List.of(server.installCredentials());
            URI shared = server.storeUri(base);
            main.err().println("vikingfs conformance: no endpoint given: running on an S3 server in this JVM ("
                    + shared + "; the verdict above is that of the same in-JVM S3Proxy)");
            return run(shared, childArgs);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("stopping the in-JVM S3 server failed: " + e, e);
        }
    }

    private int run(URI base, List<String> childJvmArgs) throws IOException {
        PrintStream out = main.out();
        String runName = "conformance-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                + "-" + String.format(Locale.ROOT, "%04x", ThreadLocalRandom.current().nextInt(0x10000));
        Capabilities declared;
        try (VikingFs fs = VikingFs.open(base)) {
            declared = fs.capabilities();
        }
        URI runUri = StoreUris.child(base, runName);
        AtomicInteger stores = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        ConformanceSummary summary;
        try (Progress progress = Progress.start(main.err(), "conformance")) {
            progress.describe(() -> done.get() + " tests run, " + failed.get() + " failed");
            // The suite checks that the store declares exactly the expected set and then proves each of them:
            // expecting what the store declares turns that into "prove every claim".
            summary = ConformanceRunner.run(
                    () -> fixture(StoreUris.child(runUri, "t" + stores.incrementAndGet()), declared, childJvmArgs),
                    areas.isEmpty() ? Set.copyOf(ConformanceRunner.areas()) : Set.copyOf(areas),
                    outcome -> {
                        done.incrementAndGet();
                        if (outcome.status() == TestOutcome.Status.FAILED) {
                            failed.incrementAndGet();
                        }
                        if (verbose) {
                            out.println(outcome);
                        }
                    });
        }
        cleanUp(base, runUri, runName);
        printReport(out, base, declared, summary);
        return !summary.isSuccess() ? ExitCodes.CHECK_FAILED
                : summary.refused() > 0 ? ExitCodes.STORE_CANNOT_GUARANTEE : ExitCodes.OK;
    }

    /**
     * A fixture over the store at {@code uri}. For a {@code file:} store the folder is also its storage root, which
     * lets the suite look underneath the API (permissions, planted leftovers). A {@code mem:} store lives only while
     * an instance of it is open, so the fixture keeps one open for its lifetime: the suite's "close and reopen"
     * tests then find the same store again, as a restarted process finds a folder. {@code childJvmArgs} are
     * added to the suite's child processes (the shared in-JVM S3 server's credentials).
     */
    static BackendFixture fixture(URI uri, Capabilities declared, List<String> childJvmArgs) throws IOException {
        BackendFixture byUri = BackendFixture.ofUri(uri, declared);
        Path folder = "file".equalsIgnoreCase(uri.getScheme()) ? Path.of(uri) : null;
        VikingFs keeper = "mem".equalsIgnoreCase(uri.getScheme()) ? VikingFs.open(uri) : null;
        return new BackendFixture() {
            @Override
            public VikingFs open() throws IOException {
                return byUri.open();
            }

            @Override
            public Capabilities expected() {
                return byUri.expected();
            }

            @Override
            public Optional<ChildProcessSpec> childProcess() {
                return byUri.childProcess().map(spec -> {
                    List<String> args = new ArrayList<>(spec.jvmArgs());
                    args.addAll(childJvmArgs);
                    return new ChildProcessSpec(spec.storeUri(), spec.classPath(), args);
                });
            }

            @Override
            public Optional<Path> storageRoot() {
                return Optional.ofNullable(folder);
            }

            @Override
            public void close() throws IOException {
                if (keeper != null) {
                    keeper.close();
                }
            }
        };
    }

    /** Removes the tests' stores where they share a tree with the base store (opaque stores vanish on their own). */
    private void cleanUp(URI base, URI runUri, String runName) {
        if (runUri.isOpaque()) {
            return;
        }
        try (VikingFs fs = VikingFs.open(base)) {
            VPath dir = VPath.of(runName);
            if (fs.exists(dir)) {
                fs.deleteRecursively(dir);
            }
        } catch (IOException e) {
            main.err().println("vikingfs conformance: could not remove the test stores under " + runUri + ": "
                    + ErrorLine.of(e).message() + " — delete that folder or prefix by hand");
        }
    }

    private static void printReport(PrintStream out, URI base, Capabilities declared, ConformanceSummary summary) {
        out.println("conformance suite on " + base);
        out.printf("%-26s %s%n", "capability", "declared (and proven by the suite if yes)");
        for (Capability c : Capability.values()) {
            out.printf("%-26s %s%n", c, declared.has(c) ? "yes" : "no");
        }
        Map<String, long[]> byArea = new TreeMap<>();
        List<TestOutcome.Status> columns = List.of(TestOutcome.Status.PASSED, TestOutcome.Status.REFUSED,
                TestOutcome.Status.FAILED, TestOutcome.Status.SKIPPED);
        for (TestOutcome o : summary.outcomes()) {
            byArea.computeIfAbsent(o.area(), a -> new long[columns.size()])[columns.indexOf(o.status())]++;
        }
        int width = byArea.keySet().stream().mapToInt(String::length).max().orElse(0) + 2;
        String row = "%-" + width + "s %7s %7s %7s %7s%n";
        out.printf("%n" + row, "area", "passed", "refused", "failed", "skipped");
        for (Map.Entry<String, long[]> e : byArea.entrySet()) {
            long[] n = e.getValue();
            out.printf(row, e.getKey(), n[0], n[1], n[2], n[3]);
        }
        out.printf(row, "total", summary.passed(), summary.refused(), summary.failed(), summary.skipped());
        // a refusal is the store's verdict, the same for every test it stops: said once, with its count
        summary.refusals().forEach((verdict, count) -> out.println("REFUSED " + count + (count == 1 ? " test" : " tests")
                + " — " + verdict));
        if (summary.refused() > 0) {
            out.println("(refusals are not failures: the store cannot keep those guarantees; see the verdict's way out,"
                    + " or --accept-audit to run them in the weaker mode the verdict allows)");
        }
        List<TestOutcome> failures = summary.failures();
        for (TestOutcome o : failures.subList(0, Math.min(failures.size(), MAX_FAILURES_SHOWN))) {
            out.println("FAILED " + o.area() + " › " + o.name() + " — " + o.message());
        }
        if (failures.size() > MAX_FAILURES_SHOWN) {
            out.println("… and " + (failures.size() - MAX_FAILURES_SHOWN) + " more failures (run with -v to see all)");
        }
        out.println(summary.isSuccess() ? "PASS: " + summary : "FAIL: " + summary);
    }
}
