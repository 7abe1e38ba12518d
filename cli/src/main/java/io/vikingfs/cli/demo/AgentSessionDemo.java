package io.vikingfs.cli.demo;

import io.vikingfs.DirEntry;
import io.vikingfs.RecordLog;
import io.vikingfs.RecoveryReport;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;

import java.io.IOException;
import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * The workload of {@code vikingfs demo}: what an agent runtime does to its store, all at once — a session registry
 * rewritten by several threads with {@code ifMatch}, a transcript appended by several writers and a metadata
 * appender, and staged commits switched over a live directory while readers read it — followed by a check of
 * every invariant that can be checked from outside through the public API.
 *
 * <p>Everything happens under a fresh directory {@code demo-<time>-<random>} of the store, so the demo never
 * touches anything else there; it leaves its files behind for inspection.
 */
public final class AgentSessionDemo {
    private final VikingFs fs;
    private final DemoConfig config;
    private final VPath base;
    private final RegistryWorkload registry;
    private final TranscriptWorkload transcript;
    private final CommitWorkload commits;

    public AgentSessionDemo(VikingFs fs, DemoConfig config) {
        this.fs = fs;
        this.config = config;
        this.base = VPath.of("demo-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                + "-" + String.format(Locale.ROOT, "%04x", ThreadLocalRandom.current().nextInt(0x10000)));
        this.registry = new RegistryWorkload(fs, base, config);
        this.transcript = new TranscriptWorkload(fs, base, config);
        this.commits = new CommitWorkload(fs, base, config);
    }

    /** Where in the store the demo works. */
    public VPath base() {
        return base;
    }

    /** A one-line status for progress output; safe to call from any thread while {@link #run} works. */
    public String status() {
        return "registry " + registry.updates.get() + "/" + registry.total() + " updates ("
                + registry.retries.get() + " retries), transcript " + transcript.appended.get() + "/"
                + transcript.total() + " records, commits " + commits.switched.get() + "/" + (config.generations() + 1)
                + " switches, " + commits.reads.get() + " tree reads";
    }

    /**
     * Runs the workload, then the checks, printing what it did and one PASS/FAIL/SKIP line per check.
     *
     * @return the checks, in the order printed
     */
    public List<Check> run(PrintStream out) throws IOException, InterruptedException {
        out.println("vikingfs demo: an agent-session workload on " + fs.uri() + " under " + base + "/");
        out.println("  capabilities: " + fs.capabilities());
        registry.create();
        commits.publishInitial();
        long start = System.nanoTime();
        List<Throwable> errors = runConcurrently();
        long millis = (System.nanoTime() - start) / 1_000_000;
        out.println("  registry:    " + registry.describe());
        out.println("  transcript:  " + transcript.describe());
        out.println("  commits:     " + commits.describe());
        out.println("  all concurrently, in " + millis + " ms");

        List<Check> checks = new ArrayList<>();
        checks.add(Check.of("every worker thread finished without an error", errors.isEmpty(),
                errors.isEmpty() ? workerCount() + " threads" : errors.size() + " failed, first: " + errors.get(0)));
        checks.addAll(registry.check());
        checks.addAll(transcript.check());
        checks.addAll(commits.check());
        checks.addAll(storeChecks());
        out.println("checks:");
        for (Check c : checks) {
            out.println("  " + c.outcome() + "  " + c.name() + " — " + c.detail());
        }
        long failed = checks.stream().filter(Check::failed).count();
        long skipped = checks.stream().filter(c -> c.outcome() == Check.Outcome.SKIP).count();
        if (failed > 0) {
            out.println("FAIL: " + failed + " of " + checks.size() + " checks failed");
        } else if (skipped > 0) {
            out.println("PASS: " + (checks.size() - skipped) + " checks held, " + skipped + " skipped");
        } else {
            out.println("PASS: every check held (" + checks.size() + " checks)");
        }
        return checks;
    }

    private int workerCount() {
        return config.registryThreads() + config.transcriptWriters() + 1 + 1 + config.readers();
    }

    private List<Throwable> runConcurrently() throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(workerCount(), r -> {
            Thread t = new Thread(r, "vikingfs-demo");
            t.setDaemon(true);
            return t;
        });
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int t = 0; t < config.registryThreads(); t++) {
                int id = t;
                futures.add(pool.submit(() -> {
                    registry.runThread(id);
                    return null;
                }));
            }
            for (int w = 0; w < config.transcriptWriters(); w++) {
                int id = w;
                futures.add(pool.submit(() -> {
                    transcript.runWriter(id);
                    return null;
                }));
            }
            futures.add(pool.submit(() -> {
                transcript.runMetadata();
                return null;
            }));
            futures.add(pool.submit(() -> {
                commits.runWriter();
                return null;
            }));
            for (int r = 0; r < config.readers(); r++) {
                futures.add(pool.submit(() -> {
                    commits.runReader();
                    return null;
                }));
            }
            List<Throwable> errors = new ArrayList<>();
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    errors.add(e.getCause());
                }
            }
            return errors;
        } finally {
            pool.shutdownNow();
        }
    }

    /** What must hold of the whole demo tree and the store: no damaged log, no library file shown, no leftovers. */
    private List<Check> storeChecks() throws IOException {
        List<Check> checks = new ArrayList<>();
        List<String> damaged = new ArrayList<>();
        List<String> reserved = new ArrayList<>();
        int logs = 0;
        int entries = 0;
        try (Stream<DirEntry> walk = fs.walk(base)) {
            for (DirEntry e : (Iterable<DirEntry>) walk::iterator) {
                entries++;
                if (VPath.isReserved(e.name())) {
                    reserved.add(e.path().toString());
                }
                if (!e.isDirectory() && e.name().endsWith(".jsonl")) {
                    logs++;
                    RecordLog log = fs.readRecords(e.path());
                    if (!log.isClean()) {
                        damaged.add(e.path() + " " + log.damage());
                    }
                }
            }
        }
        checks.add(Check.of("no log under " + base + " has damage (readRecords)", damaged.isEmpty(),
                damaged.isEmpty() ? logs + " logs" : String.join("; ", damaged)));
        checks.add(Check.of("listings never show the library's .vfs* files", reserved.isEmpty(),
                reserved.isEmpty() ? entries + " entries walked" : "shown: " + reserved));
        RecoveryReport leftovers = fs.recover(false);
        checks.add(Check.of("recover(false) finds no leftovers (temp files, generations, locks)",
                leftovers.total() == 0, leftovers.total() == 0 ? "none" : leftovers.toString()));
        return checks;
    }
}
