package io.vikingfs.memory;

import io.vikingfs.RecordLog;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.conformance.crash.CrashModel;
import io.vikingfs.conformance.crash.CrashPoint;
import io.vikingfs.conformance.crash.CrashableStore;
import io.vikingfs.conformance.crash.ExplorerOptions;
import io.vikingfs.conformance.crash.PowerLossState;
import io.vikingfs.conformance.crash.StateGenerator;
import io.vikingfs.local.disk.DiskFile;
import io.vikingfs.local.disk.ForwardingDisk;
import io.vikingfs.local.disk.ForwardingDiskFile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The combining appender under the crash engine (docs/contract.md §3–4, A1–A3): one writer is held inside its
 * write of the log while 4 other threads queue records (2 of them durably); released, the next writer puts every
 * queued thread's record into ONE positioned write. Every crash point of that history — including power losses
 * that keep part of the combined write, under the journaling and the strict model — must open to a log holding a
 * prefix of the live log's records, each whole, each writer's records in its order, every acknowledged durable
 * record present, and appending after recovery must start on a clean line.
 */
class CombinedAppendCrashTest {
    private static final VPath LOG = VPath.of("c.jsonl");
    private static final int WRITERS = 4;
    private static final int RECORDS_EACH = 3;

    /**
     * Holds the first write of the log once armed, until released; records the bytes of every write of the log, and
     * apart those a flush leader makes inside its flush (the batches handed over to it).
     */
    private static final class Gate {
        final CountDownLatch reached = new CountDownLatch(1);
        final CountDownLatch released = new CountDownLatch(1);
        final List<String> writes = Collections.synchronizedList(new ArrayList<>());
        final List<String> leaderWrites = Collections.synchronizedList(new ArrayList<>());
        volatile boolean armed;

        MemoryVikingFs.Layers layers() {
            return new MemoryVikingFs.Layers(d -> new ForwardingDisk(d) {
                @Override
                protected DiskFile wrap(DiskFile file) {
                    if (!file.path().getFileName().toString().equals("c.jsonl")) {
                        return file;
                    }
                    return new ForwardingDiskFile(file) {
                        @Override
                        public void write(ByteBuffer src, long position) throws IOException {
                            if (armed) {
                                armed = false;
                                reached.countDown();
                                try {
                                    released.await(30, TimeUnit.SECONDS);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            }
                            String text = StandardCharsets.UTF_8.decode(src.duplicate()).toString();
                            writes.add(text);
                            if (insideFlushLeader()) {
                                leaderWrites.add(text);
                            }
                            super.write(src, position);
                        }
                    };
                }
            }, (fs, disk) -> fs);
        }

        /** Whether the calling thread runs a flush group's leader (GroupCommit.lead), which writes before it flushes. */
        private static boolean insideFlushLeader() {
            return StackWalker.getInstance().walk(frames -> frames.anyMatch(
                    f -> f.getClassName().equals("io.vikingfs.local.GroupCommit") && f.getMethodName().equals("lead")));
        }
    }

    private static String record(int writer, int n) {
        return "{\"w\":" + writer + ",\"n\":" + n + "}";
    }

    @Test
    void recordsOfSeveralThreadsInOneWrite_surviveEveryCrashWhole_inEachWritersOrder_durableOnesPresent()
            throws Exception {
        Gate gate = new Gate();
        MemoryCrashableStores factory = new MemoryCrashableStores("memory+combined-appends", gate.layers());
        List<CrashPoint> points = Collections.synchronizedList(new ArrayList<>());
        /** A durable record, and the number of crash points recorded when its append returned. */
        Map<String, Integer> durableAt = Collections.synchronizedMap(new HashMap<>());
        List<String> live;
        try (CrashableStore store = factory.create()) {
            VikingFs fs = store.fs();
            fs.append(LOG, record(0, 0), true);
            store.onCrashPoint(points::add);
            gate.armed = true;
            List<Thread> threads = new ArrayList<>();
            List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
            threads.add(start(() -> fs.append(LOG, record(0, 1), false), failures));
            assertThat(gate.reached.await(30, TimeUnit.SECONDS)).as("the first write was reached").isTrue();
            for (int w = 1; w <= WRITERS; w++) {
                int writer = w;
                boolean durable = w % 2 == 0;
                threads.add(start(() -> {
                    for (int n = 1; n <= RECORDS_EACH; n++) {
                        fs.append(LOG, record(writer, n), durable);
                        if (durable) {
                            durableAt.put(record(writer, n), points.size());
                        }
                    }
                }, failures));
                awaitQueued(threads.get(threads.size() - 1));
            }
            gate.released.countDown();
            joinAll(threads, failures);
            live = stopRecording(store, points);
        }
        assertThat(live).hasSize(2 + WRITERS * RECORDS_EACH);
        String combined = gate.writes.stream().filter(w -> w.contains("\"w\":1") && w.contains("\"w\":4"))
                .findFirst().orElse(null);
        assertThat(combined).as("one write holding the queued records of every writer; writes: %s", gate.writes)
                .isNotNull();

        List<String> violations = new ArrayList<>();
        long states = explore(factory, points, live, durableAt, violations);
        System.out.printf("combined appends: %d crash points, %d post-crash states checked, combined write %s%n",
                points.size(), states, combined.replace("\n", "\\n"));
        assertThat(violations).isEmpty();
        assertThat(states).isGreaterThan(points.size());
    }

    /**
     * The hand-over to a gathering flush leader under the crash engine: durable appenders that arrive while the
     * leader of the log's flush gathers them queue their records, and the leader writes them in one write just
     * before its flush. {@value #WRITERS} threads append durably in bursts until such a write has happened (the
     * hand-over needs an arrival inside a gathering: it comes from the threads' timing, not from a hook); then every
     * crash point of the history, each power loss of it under both models, must open to a prefix of the live log,
     * each record whole, each writer's records in order, every acknowledged durable record present.
     */
    @Test
    void recordsHandedToAGatheringFlushLeader_surviveEveryCrashWhole_inEachWritersOrder_durableOnesPresent()
            throws Exception {
        Gate gate = new Gate(); // never armed: it only records
        MemoryCrashableStores factory = new MemoryCrashableStores("memory+handed-over-appends", gate.layers());
        List<CrashPoint> points = Collections.synchronizedList(new ArrayList<>());
        Map<String, Integer> durableAt = Collections.synchronizedMap(new HashMap<>());
        List<String> live;
        int bursts = 0;
        try (CrashableStore store = factory.create()) {
            VikingFs fs = store.fs();
            fs.append(LOG, record(0, 0), true);
            store.onCrashPoint(points::add);
            int[] last = new int[WRITERS + 1];
            while (gate.leaderWrites.isEmpty() && bursts < 50) {
                bursts++;
                List<Thread> threads = new ArrayList<>();
                List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
                CountDownLatch go = new CountDownLatch(1); // all at once: an append here takes microseconds
                for (int w = 1; w <= WRITERS; w++) {
                    int writer = w;
                    threads.add(start(() -> {
                        awaitQuietly(go);
                        for (int k = 0; k < RECORDS_EACH; k++) {
                            String r = record(writer, ++last[writer]);
                            fs.append(LOG, r, true);
                            durableAt.put(r, points.size());
                        }
                    }, failures));
                }
                go.countDown();
                joinAll(threads, failures);
            }
            live = stopRecording(store, points);
        }
        assertThat(gate.leaderWrites).as("a write by a flush leader of records handed over to it, in %d bursts", bursts)
                .isNotEmpty();
        assertThat(live).hasSize(1 + bursts * WRITERS * RECORDS_EACH);
        List<String> violations = new ArrayList<>();
        long states = explore(factory, points, live, durableAt, violations);
        System.out.printf("handed-over appends: %d bursts, %d crash points, %d post-crash states checked, leader's"
                + " writes %s%n", bursts, points.size(), states, gate.leaderWrites.toString().replace("\n", "\\n"));
        assertThat(violations).isEmpty();
        assertThat(states).isGreaterThan(points.size());
    }

    /**
     * Opens every post-crash state of every recorded crash point, under each crash model of {@code factory}, and
     * checks the log there ({@link #check}); returns how many states were checked (stops at the first violation).
     */
    private static long explore(MemoryCrashableStores factory, List<CrashPoint> points, List<String> live,
                                Map<String, Integer> durableAt, List<String> violations) throws IOException {
        StateGenerator generator = new StateGenerator(ExplorerOptions.defaults());
        long states = 0;
        for (CrashModel model : factory.models()) {
            for (int i = 0; i < points.size() && violations.isEmpty(); i++) {
                CrashPoint cp = points.get(i).under(model);
                for (PowerLossState s : generator.states(cp, 20261205L + i)) {
                    states++;
                    String where = model.label() + " point " + i + " (" + cp.lastStep() + ") state " + s;
                    try (CrashableStore after = cp.open(s, null)) {
                        check(after.fs(), live, durableAt, i, where, violations);
                    }
                    if (!violations.isEmpty()) {
                        break;
                    }
                }
            }
        }
        return states;
    }

    private static void check(VikingFs fs, List<String> live, Map<String, Integer> durableAt, int point,
                              String where, List<String> violations) throws IOException {
        RecordLog log = fs.readRecords(LOG);
        List<String> got = log.records();
        if (log.damage().stream().anyMatch(d -> d.kind() != RecordLog.Damage.Kind.TORN_TAIL)) {
            violations.add("A1 " + where + ": a record is not whole: " + log.damage());
        }
        if (got.size() > live.size() || !live.subList(0, got.size()).equals(got)) {
            violations.add("A2 " + where + ": " + got + " is not a prefix of " + live);
        }
        Map<Integer, Integer> last = new HashMap<>();
        for (String r : got) {
            int w = Integer.parseInt(r.replaceAll(".*\"w\":(\\d+).*", "$1"));
            int n = Integer.parseInt(r.replaceAll(".*\"n\":(\\d+).*", "$1"));
            if (n != last.getOrDefault(w, w == 0 ? -1 : 0) + 1) {
                violations.add("A2 " + where + ": writer " + w + "'s order is broken in " + got);
            }
            last.put(w, n);
        }
        durableAt.forEach((r, at) -> {
            if (point >= at && !got.contains(r)) {
                violations.add("A2 " + where + ": durable record " + r + " acknowledged before the crash is lost: "
                        + got);
            }
        });
        fs.append(LOG, "{\"probe\":1}", false);
        RecordLog again = fs.readRecords(LOG);
        if (!again.isClean() || !again.records().get(again.records().size() - 1).equals("{\"probe\":1}")) {
            violations.add("A3 " + where + ": an append after recovery did not start on a clean line: " + again);
        }
    }

    private interface Body {
        void run() throws IOException;
    }

    private static Thread start(Body body, List<Throwable> failures) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failures.add(e);
            }
        });
        t.start();
        return t;
    }

    private static void joinAll(List<Thread> threads, List<Throwable> failures) throws InterruptedException {
        for (Thread t : threads) {
            t.join(30_000);
        }
        assertThat(failures).isEmpty();
    }

    /** Stops recording crash points, adds the final state as the last one, and returns the live log's records. */
    private static List<String> stopRecording(CrashableStore store, List<CrashPoint> points) throws IOException {
        store.onCrashPoint(null);
        points.add(store.now());
        return store.fs().readRecords(LOG).records();
    }

    private static void awaitQuietly(CountDownLatch go) {
        try {
            go.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until {@code t} is parked waiting for the log's lock (its record queued behind the held writer). */
    private static void awaitQueued(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!(LockSupport.getBlocker(t) instanceof Lock
                || LockSupport.getBlocker(t) instanceof java.util.concurrent.locks.AbstractQueuedSynchronizer)) {
            assertThat(System.nanoTime()).as("the writer queued its record within 30 s").isLessThan(deadline);
            Thread.sleep(1);
        }
    }
}
