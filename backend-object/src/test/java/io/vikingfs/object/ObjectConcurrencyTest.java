package io.vikingfs.object;

import io.vikingfs.DirEntry;
import io.vikingfs.FileStat;
import io.vikingfs.Precondition;
import io.vikingfs.PreconditionFailedException;
import io.vikingfs.RecordLog;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.WriteOptions;
import io.vikingfs.object.client.InMemoryObjectClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several clients of one bucket at once (separate {@link ObjectVikingFs} instances over separate views of one
 * in-memory store, whose preconditions are atomic as on AWS S3 and MinIO).
 */
class ObjectConcurrencyTest {
    private final InMemoryObjectClient store = newStore();
    /** Every client's requests, checked: no create-only claim (segment, chunk, marker) is ever overwritten. */
    private final CreateOnlyLog requests = new CreateOnlyLog();

    @AfterEach
    void noCreateOnlyClaimWasOverwritten() {
        assertThat(requests.violations()).isEmpty();
    }

    /** The store the clients share (a subclass runs the same races on another kind of store). */
    InMemoryObjectClient newStore() {
        return new InMemoryObjectClient();
    }

    private VikingFs client() throws IOException {
        return ObjectVikingFs.open(requests.over(store.view((i, op, key) -> InMemoryObjectClient.Outcome.APPLY)), "shared",
                ObjectStoreOptions.DEFAULT.withCompactionFanout(4), true, URI.create("s3://memory/shared"), null);
    }

    private static <T> List<T> runAll(int n, java.util.function.IntFunction<java.util.concurrent.Callable<T>> task)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(task.apply(i)));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void appends_4clientsX500_2000IntactRecordsEachWritersOrderKept() throws Exception {
        VPath log = VPath.of("sessions/s1/messages.jsonl");
        runAll(4, c -> () -> {
            try (VikingFs fs = client()) {
                for (int i = 0; i < 500; i++) {
                    fs.append(log, "{\"w\":" + c + ",\"i\":" + i + "}", true);
                }
            }
            return null;
        });
        try (VikingFs fs = client()) {
            RecordLog read = fs.readRecords(log);
            assertThat(read.isClean()).isTrue();
            assertThat(read.records()).hasSize(2000);
            int[] next = new int[4];
            for (String r : read.records()) {
                int w = r.charAt(5) - '0';
                int i = Integer.parseInt(r.substring(r.indexOf("\"i\":") + 4, r.length() - 1));
                assertThat(i).as("writer %d's records in order, none lost or doubled", w).isEqualTo(next[w]);
                next[w]++;
            }
            assertThat(next).containsExactly(500, 500, 500, 500);
            assertThat(fs.recover(false).total()).as("compaction cleans up after itself").isZero();
        }
    }

    @Test
    void switchDirectory_2clientsRacing_liveAlwaysOneWholeGeneration() throws Exception {
        VPath live = VPath.of("app/live");
        try (VikingFs fs = client()) {
            stage(fs, "app/staged-init", "init");
            fs.switchDirectory(VPath.of("app/staged-init"), live, true);
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger observations = new AtomicInteger();
        // The switches start once the reader has seen live once: on the in-memory client 30 switches take a few
        // milliseconds, less than the reader's start, and a reader that never looked during them proves nothing.
        java.util.concurrent.CountDownLatch readerLooking = new java.util.concurrent.CountDownLatch(1);
        List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            try (VikingFs fs = client()) {
                while (!stop.get()) {
                    Set<String> tags = new TreeSet<>();
                    List<String> names;
                    try (Stream<DirEntry> s = fs.list(live)) {
                        names = s.map(DirEntry::name).collect(Collectors.toList());
                    }
                    for (String n : names) {
                        tags.add(n.substring(0, n.indexOf('-')));
                    }
                    if (tags.size() != 1 || names.size() != 3) {
                        problems.add("live listed " + names);
                    }
                    observations.incrementAndGet();
                    readerLooking.countDown();
                }
            } catch (IOException e) {
                problems.add(e.toString());
            } finally {
                readerLooking.countDown();
            }
        });
        reader.start();
        readerLooking.await();
        runAll(2, c -> () -> {
            try (VikingFs fs = client()) {
                for (int round = 0; round < 15; round++) {
                    String tag = "c" + c + "r" + round;
                    stage(fs, "app/staged-" + tag, tag);
                    int seen = observations.get();
                    fs.switchDirectory(VPath.of("app/staged-" + tag), live, true);
                    // The reader looks at live between this client's switches (the other client races on), so
                    // its checks run during the race, not only before or after it.
                    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
                    while (observations.get() <= seen && reader.isAlive() && System.nanoTime() < deadline) {
                        Thread.onSpinWait();
                    }
                }
            }
            return null;
        });
        stop.set(true);
        reader.join();
        assertThat(problems).isEmpty();
        List<String> markers = requests.claims(CreateOnlyLog::isMarker);
        assertThat(markers).as("31 acknowledged switches, 31 generation markers claimed").hasSize(31);
        assertThat(markers.stream().distinct()).as("N acknowledged switches leave N distinct generations: %s", markers).hasSize(31);
        assertThat(observations.get()).as("the reader looked at live between the switches").isGreaterThan(15);
        try (VikingFs fs = client()) {
            List<String> names = fs.list(live).map(DirEntry::name).collect(Collectors.toList());
            assertThat(names).hasSize(3);
            assertThat(names.stream().map(n -> n.substring(0, n.indexOf('-'))).distinct()).hasSize(1);
            assertThat(fs.list(VPath.of("app")).map(DirEntry::name)).containsExactly("live");
            assertThat(fs.recover(false).total()).as("old generations and staging reclaimed").isZero();
        }
    }

    private static void stage(VikingFs fs, String dir, String tag) throws IOException {
        for (String f : List.of("a", "b", "c")) {
            fs.atomicWrite(VPath.of(dir, tag + "-" + f), tag.getBytes(StandardCharsets.UTF_8), WriteOptions.DEFAULT);
        }
    }

    @Test
    void ifMatchIncrements_4clientsX50_noLostUpdate() throws Exception {
        VPath counter = VPath.of("counter");
        try (VikingFs fs = client()) {
            fs.atomicWrite(counter, "0".getBytes(StandardCharsets.UTF_8), WriteOptions.DEFAULT);
        }
        runAll(4, c -> () -> {
            try (VikingFs fs = client()) {
                int done = 0;
                while (done < 50) {
                    FileStat st = fs.stat(counter);
                    int v = Integer.parseInt(new String(fs.read(counter), StandardCharsets.UTF_8));
                    try {
                        fs.atomicWrite(counter, Integer.toString(v + 1).getBytes(StandardCharsets.UTF_8),
                                WriteOptions.precondition(Precondition.ifMatch(st.version())));
                        done++;
                    } catch (PreconditionFailedException lost) {
                        // another client won this round
                    }
                }
            }
            return null;
        });
        try (VikingFs fs = client()) {
            assertThat(new String(fs.read(counter), StandardCharsets.UTF_8)).isEqualTo("200");
        }
    }

    @Test
    void ifMatchOnALog_racingAppends_neverLoseARecord() throws Exception {
        VPath log = VPath.of("log.jsonl");
        try (VikingFs fs = client()) {
            fs.append(log, "{\"seed\":0}", true);
        }
        AtomicInteger replaced = new AtomicInteger();
        runAll(2, c -> () -> {
            try (VikingFs fs = client()) {
                for (int i = 0; i < 100; i++) {
                    if (c == 0) {
                        fs.append(log, "{\"i\":" + i + "}", true);
                    } else {
                        FileStat st = fs.stat(log);
                        byte[] before = fs.read(log);
                        try {
                            fs.atomicWrite(log, before, WriteOptions.precondition(Precondition.ifMatch(st.version())));
                            replaced.incrementAndGet();
                        } catch (PreconditionFailedException | NoSuchFileException raced) {
                            // an append came in between: the rewrite must not happen
                        }
                    }
                }
            }
            return null;
        });
        try (VikingFs fs = client()) {
            List<String> records = fs.readRecords(log).records();
            assertThat(records).hasSize(101);
            for (int i = 0; i < 100; i++) {
                assertThat(records.get(i + 1)).isEqualTo("{\"i\":" + i + "}");
            }
        }
        assertThat(replaced.get()).isPositive();
        Map<String, byte[]> left = store.snapshot();
        assertThat(left).isNotEmpty();
    }
}
