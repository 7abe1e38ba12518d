package io.vikingfs.bench.scenario;

import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.bench.baseline.LockedForceLog;
import io.vikingfs.bench.harness.Env;
import io.vikingfs.bench.harness.Payloads;
import io.vikingfs.bench.harness.Result;
import io.vikingfs.bench.harness.Samples;
import io.vikingfs.bench.harness.Warmup;
import io.vikingfs.bench.store.LocalStore;
import io.vikingfs.bench.store.Stores;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Durable appends to one log by 4 processes × 4 threads, against the same processes each appending with
 * lock + {@code FileLock} + write + force per record. The processes stay up for the whole scenario; each round the
 * parent tells all of them which contender to run for one window, and sums the records they appended.
 */
public final class MultiProcessAppendScenario implements Scenario {
    private static final int PROCESSES = 4;
    private static final int THREADS = 4;
    private static final VPath LOG = VPath.of("logs/transcript.jsonl");

    @Override
    public String id() {
        return "append-multiprocess";
    }

    @Override
    public List<Result> run(Env env) throws Exception {
        Path ours = env.freshDir("append-multiprocess");
        Path base = env.freshDir("append-multiprocess-base").resolve("transcript.jsonl");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> children = new ArrayList<>();
        List<BufferedReader> replies = new ArrayList<>();
        try {
            for (int i = 0; i < PROCESSES; i++) {
                Process p = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
                        Child.class.getName(), ours.toString(), base.toString(), Integer.toString(THREADS))
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
                children.add(p);
                replies.add(new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
            }
            for (BufferedReader r : replies) {
                expect(r, "READY");
            }
            long window = env.settings().windowMillis();
            List<Double> oursRates = new ArrayList<>();
            List<Double> baseRates = new ArrayList<>();
            long oursOps = 0;
            long oursFlushes = 0;
            Warmup warmup = new Warmup(env.settings());
            boolean warming = env.settings().warmupRounds() > 0;
            for (int measuredRound = 0; measuredRound < env.settings().measuredRounds(); ) {
                long compiled = 0; // the most any child's JIT compiled in one window of this round
                for (String contender : List.of("ours", "base")) {
                    for (Process p : children) {
                        Writer w = new java.io.OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
                        w.write(contender + " " + window + "\n");
                        w.flush();
                    }
                    long ops = 0;
                    long flushes = 0;
                    for (BufferedReader r : replies) {
                        String[] f = expect(r, "RESULT").split(" ");
                        ops += Long.parseLong(f[1]);
                        flushes += Long.parseLong(f[2]);
                        compiled = Math.max(compiled, Long.parseLong(f[3]));
                    }
                    if (!warming) {
                        (contender.equals("ours") ? oursRates : baseRates).add(ops * 1000.0 / window);
                        if (contender.equals("ours")) {
                            oursOps += ops;
                            oursFlushes += flushes;
                        }
                    }
                }
                if (warming) {
                    warming = warmup.another(compiled);
                } else {
                    measuredRound++;
                }
            }
            Map<String, Samples> s = Map.of("ours", new Samples(oursRates), "naive", new Samples(baseRates));
            String perFlush = String.format(Locale.ROOT, "ours: %.3f file flushes per record (%.1f records per flush,"
                    + " counted in each process)", oursFlushes / (double) oursOps, oursOps / (double) oursFlushes);
            return List.of(Result.higher("durable append, 4 processes × 4 threads, one log (vs lock + FileLock +"
                            + " write + force per record)", s.get("ours").median(), s.get("naive").median(), "ops/s",
                    3.0, Notes.join(Notes.spread(s, "ours", "naive"), perFlush,
                            warmup.rounds() + " warm-up rounds until the children's JIT was quiet")));
        } finally {
            for (Process p : children) {
                try {
                    p.getOutputStream().write("quit\n".getBytes(StandardCharsets.UTF_8));
                    p.getOutputStream().flush();
                } catch (IOException ignored) {
                    // already gone
                }
            }
            for (Process p : children) {
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    private static String expect(BufferedReader r, String prefix) throws IOException {
        for (String line; (line = r.readLine()) != null; ) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new IOException("a benchmark process ended before answering " + prefix + "; see its stderr above");
    }

    /**
     * One appending process: opens our store (over a counting disk) and the baseline's file, says {@code READY},
     * then for each command {@code ours|base MILLIS} runs its threads for that long and answers
     * {@code RESULT ops fileFlushes compileMillis} (its JIT's compilation time during the window); {@code quit}
     * ends it.
     */
    public static final class Child {
        private Child() {
        }

        public static void main(String[] args) throws Exception {
            PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                    StandardCharsets.UTF_8);
            System.setOut(System.err); // nothing else may write to the parent's pipe
            Path base = Path.of(args[1]);
            Files.createDirectories(base.getParent());
            int threads = Integer.parseInt(args[2]);
            try (LocalStore store = Stores.local(Path.of(args[0]));
                 LockedForceLog naive = new LockedForceLog(base, true)) {
                VikingFs fs = store.fs();
                fs.append(LOG, Payloads.RECORD, true);
                out.println("READY");
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                for (String cmd; (cmd = in.readLine()) != null && !cmd.equals("quit"); ) {
                    String[] f = cmd.split(" ");
                    boolean oursRun = f[0].equals("ours");
                    long millis = Long.parseLong(f[1]);
                    long flushesBefore = store.disk().counts().fileSyncs();
                    long compiledBefore = Warmup.compileMillis();
                    AtomicBoolean stop = new AtomicBoolean();
                    AtomicLong ops = new AtomicLong();
                    List<Thread> ts = new ArrayList<>();
                    List<Exception> failed = java.util.Collections.synchronizedList(new ArrayList<>());
                    for (int t = 0; t < threads; t++) {
                        Thread th = new Thread(() -> {
                            try {
                                while (!stop.get()) {
                                    if (oursRun) {
                                        fs.append(LOG, Payloads.RECORD, true);
                                    } else {
                                        naive.append(Payloads.LINE);
                                    }
                                    ops.incrementAndGet();
                                }
                            } catch (Exception e) {
                                failed.add(e);
                            }
                        });
                        ts.add(th);
                        th.start();
                    }
                    Thread.sleep(millis);
                    stop.set(true);
                    for (Thread th : ts) {
                        th.join();
                    }
                    if (!failed.isEmpty()) {
                        throw failed.get(0);
                    }
                    long flushes = oursRun ? store.disk().counts().fileSyncs() - flushesBefore : 0;
                    out.println("RESULT " + ops.get() + " " + flushes + " " + (Warmup.compileMillis() - compiledBefore));
                }
            }
        }
    }
}
