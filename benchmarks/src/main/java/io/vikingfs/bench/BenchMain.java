package io.vikingfs.bench;

import io.vikingfs.bench.harness.Env;
import io.vikingfs.bench.harness.Report;
import io.vikingfs.bench.harness.Result;
import io.vikingfs.bench.harness.Settings;
import io.vikingfs.bench.scenario.AppendGrowthScenario;
import io.vikingfs.bench.scenario.AppendScenarios;
import io.vikingfs.bench.scenario.AtomicWriteScenarios;
import io.vikingfs.bench.scenario.IsolationScenario;
import io.vikingfs.bench.scenario.ListMemoryScenario;
import io.vikingfs.bench.scenario.MemoryScenarios;
import io.vikingfs.bench.scenario.MultiProcessAppendScenario;
import io.vikingfs.bench.scenario.MetricsOverheadScenario;
import io.vikingfs.bench.scenario.Scenario;
import io.vikingfs.bench.scenario.SwitchDirectoryScenario;
import io.vikingfs.bench.scenario.SwitchFlushScenario;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Runs every scenario — ours and its baselines side by side in this one process, on one disk — prints the table
 * and writes {@code vikingfs-bench.json} beside the jar. Usage:
 *
 * <pre>
 * mvn -B -q -pl benchmarks -am package -DskipTests &amp;&amp; java -jar benchmarks/target/vikingfs-bench.jar
 *     [--quick] [--only id,id] [--dir data-dir] [--json out.json] [--keep]
 * </pre>
 *
 * {@code --quick} checks every scenario works in about a minute (its figures are not results); {@code --only}
 * runs the scenarios whose id contains one of the given words. The exit code is 0 when every scenario ran,
 * whether or not its target was met (the table says that), and 1 if one failed.
 */
public final class BenchMain {
    private BenchMain() {
    }

    static List<Scenario> scenarios() {
        return List.of(
                new AppendScenarios.Durable16(),
                new AtomicWriteScenarios.Durable16(),
                new AppendScenarios.Durable1(),
                new AppendScenarios.NonDurable1(),
                new MultiProcessAppendScenario(),
                new AtomicWriteScenarios.NonDurable1(),
                new AtomicWriteScenarios.Durable1(),
                new MemoryScenarios(),
                new IsolationScenario(),
                new AppendGrowthScenario(),
                new SwitchDirectoryScenario(),
                new SwitchFlushScenario(),
                new ListMemoryScenario(),
                new MetricsOverheadScenario());
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.FULL;
        List<String> only = List.of();
        Path home = jarDirectory();
        Path dataDir = home.resolve("bench-data");
        Path json = home.resolve("vikingfs-bench.json");
        boolean keep = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> settings = Settings.QUICK;
                case "--only" -> only = Arrays.asList(args[++i].split(","));
                case "--dir" -> dataDir = Path.of(args[++i]);
                case "--json" -> json = Path.of(args[++i]);
                case "--keep" -> keep = true;
                default -> {
                    System.err.println("unknown argument '" + args[i] + "'; usage: java -jar vikingfs-bench.jar"
                            + " [--quick] [--only id,id] [--dir data-dir] [--json out.json] [--keep]");
                    System.exit(2);
                }
            }
        }
        PrintStream out = System.out;
        Files.createDirectories(dataDir);
        String machine = machine(dataDir, settings, args);
        out.println(machine);
        List<Result> results = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        long started = System.nanoTime();
        try (Env env = new Env(settings, dataDir, keep)) {
            for (Scenario s : scenarios()) {
                if (!only.isEmpty() && only.stream().noneMatch(s.id()::contains)) {
                    continue;
                }
                long t0 = System.nanoTime();
                out.printf(Locale.ROOT, "running %s ...", s.id());
                out.flush();
                try {
                    results.addAll(s.run(env));
                    out.printf(Locale.ROOT, " %.0f s%n", (System.nanoTime() - t0) / 1e9);
                } catch (Exception | Error e) {
                    out.printf(Locale.ROOT, " FAILED after %.0f s: %s%n", (System.nanoTime() - t0) / 1e9, e);
                    e.printStackTrace(out);
                    failed.add(s.id() + ": " + e);
                }
            }
        }
        out.printf(Locale.ROOT, "%nran in %.0f s%n%n", (System.nanoTime() - started) / 1e9);
        Report.printTable(results, out);
        Report.writeJson(results, json);
        Path markdown = json.resolveSibling(json.getFileName().toString().replaceFirst("\\.json$", "") + ".md");
        try (PrintStream md = new PrintStream(Files.newOutputStream(markdown), true, StandardCharsets.UTF_8)) {
            md.println("```");
            md.print(machine);
            md.println("```");
            md.println();
            Report.printTable(results, md);
        }
        out.println();
        out.println("wrote " + json.toAbsolutePath() + " and " + markdown.toAbsolutePath());
        if (only.isEmpty() || only.stream().anyMatch("s3-append"::contains)) {
            try {
                runS3AppendBenchmark(out, settings == Settings.QUICK ? 200 : 1_000);
            } catch (Exception | Error e) {
                out.println("S3 append benchmark FAILED: " + e);
                e.printStackTrace(out);
                failed.add("s3-append: " + e);
            }
        }
        if (only.isEmpty() || only.stream().anyMatch("s3-read"::contains)) {
            try {
                runS3Benchmark(out, "S3ReadVerificationBenchmark", "S3 read-verification",
                        settings == Settings.QUICK ? 100 : 400);
            } catch (Exception | Error e) {
                out.println("S3 read-verification benchmark FAILED: " + e);
                e.printStackTrace(out);
                failed.add("s3-read: " + e);
            }
        }
        if (!failed.isEmpty()) {
            out.println("FAILED scenarios: " + failed);
            System.exit(1);
        }
    }

    /**
     * The S3 append benchmark (io.vikingfs.bench.s3, issue #4): requests, bytes and time of the 1st and the n-th
     * append, against a read-modify-write append, on an in-JVM S3Proxy. It prints its own table (exact request
     * counts, one sample of time each), so it runs after ours. Looked up by name: the runner works without it.
     */
    private static void runS3AppendBenchmark(PrintStream out, int appends) throws Exception {
        runS3Benchmark(out, "S3AppendBenchmark", "S3 append", appends);
    }

    /** One of the S3 benchmarks (io.vikingfs.bench.s3) by class name, with its count argument ({@code n}). */
    private static void runS3Benchmark(PrintStream out, String className, String label, int n) throws Exception {
        Class<?> bench;
        try {
            bench = Class.forName("io.vikingfs.bench.s3." + className);
        } catch (ClassNotFoundException absent) {
            out.println("(no " + label + " benchmark on the class path: skipped)");
            return;
        }
        out.printf(Locale.ROOT, "%nrunning the %s benchmark (n = %,d) ...%n", label, n);
        out.flush();
        long t0 = System.nanoTime();
        bench.getMethod("main", String[].class).invoke(null, (Object) new String[] {String.valueOf(n)});
        out.printf(Locale.ROOT, "(%s benchmark: %.0f s)%n", label, (System.nanoTime() - t0) / 1e9);
    }

    /** Where and how this run measured: the lines that go above the table wherever it is quoted. */
    private static String machine(Path dataDir, Settings settings, String[] args) throws Exception {
        FileStore store = Files.getFileStore(dataDir);
        long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "VikingFS benchmarks, %s%n",
                Instant.now().truncatedTo(ChronoUnit.SECONDS)));
        sb.append(String.format(Locale.ROOT, "machine: %d cores, %.1f GiB RAM, %s %s; Java %s (%s)%n",
                Runtime.getRuntime().availableProcessors(), memory / (1024.0 * 1024 * 1024),
                System.getProperty("os.name"), System.getProperty("os.version"),
                System.getProperty("java.runtime.version"), System.getProperty("java.vm.name")));
        sb.append(String.format(Locale.ROOT, "data: %s on %s (%s)%n", dataDir.toAbsolutePath(), store.name(),
                store.type()));
        if (store.type().equals("tmpfs")) {
            sb.append("WARNING: the data directory is on tmpfs: flushes cost nothing there; use --dir on a disk\n");
        }
        sb.append(String.format(Locale.ROOT, "settings: %s%n", settings));
        sb.append(String.format(Locale.ROOT, "command: java -jar benchmarks/target/vikingfs-bench.jar %s%n",
                String.join(" ", args)).replace(" \n", "\n"));
        return sb.toString();
    }

    /** The directory of the running jar (benchmarks/target), or the working directory when run from classes. */
    private static Path jarDirectory() throws URISyntaxException {
        Path location = Path.of(BenchMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return Files.isRegularFile(location) ? location.getParent() : Path.of("").toAbsolutePath();
    }
}
