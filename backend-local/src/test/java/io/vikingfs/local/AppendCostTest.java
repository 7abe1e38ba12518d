package io.vikingfs.local;

import io.vikingfs.VPath;
import io.vikingfs.local.disk.CountingDisk;
import io.vikingfs.local.disk.Disk;
import io.vikingfs.local.disk.DiskFile;
import io.vikingfs.local.disk.ForwardingDisk;
import io.vikingfs.local.disk.ForwardingDiskFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an append costs, as benchmarks/RESULTS.md (issue 9 rows) and {@link LogAppender}'s Javadoc promise, counted by
 * a {@link CountingDisk} on Jimfs (one thread, no other process: deterministic): while a burst holds the log's
 * {@code FileLock}, a non-durable append is one disk call — the write — and the path is re-checked (one
 * {@code stat}) only every {@link BurstLocks#RECHECK_NANOS} or after a change of names in this JVM; a durable append
 * from one thread is one write and one file flush, with no directory flush once its descriptor's entry is durable;
 * a log's descriptor stays open across appends, and an instance appending to many logs keeps few open.
 *
 * <p>The bounds on re-checks are computed from the time the loop took and the names changed meanwhile (other tests'
 * stores in this JVM bump the same counter), so a slow machine loosens them and never fails them.
 */
class AppendCostTest {
    /** Open logs an instance keeps (LogAppender's bound); above it, idle ones are closed. */
    private static final int MAX_OPEN_LOGS = 128;

    @TempDir
    Path tmp;
    private Stores stores;
    private CountingDisk counting;
    private Descriptors descriptors;

    private LocalVikingFs open() throws IOException {
        stores = Stores.on("jimfs", tmp, d -> counting = new CountingDisk(descriptors = new Descriptors(d)));
        return stores.open();
    }

    @AfterEach
    void tearDown() throws IOException {
        if (stores != null) {
            stores.close();
        }
    }

    /** The re-checks a burst may make in {@code nanos}: one per {@link BurstLocks#RECHECK_NANOS}, plus the first. */
    private static long rechecksIn(long nanos) {
        return nanos / BurstLocks.RECHECK_NANOS + 1;
    }

    @Test
    void nonDurableAppendsInABurst_areOneWriteEach_withAStatOnlyPerRecheck() throws IOException {
        LocalVikingFs fs = open();
        VPath log = VPath.of("logs/a.jsonl");
        fs.append(log, "{\"i\":0}", false); // creates the log and takes its FileLock
        int n = 500;
        CountingDisk.Counts before = counting.counts();
        long names = BurstLocks.nameChanges();
        long start = System.nanoTime();
        for (int i = 1; i <= n; i++) {
            fs.append(log, "{\"i\":" + i + "}", false);
        }
        long rechecks = rechecksIn(System.nanoTime() - start);
        long renamed = BurstLocks.nameChanges() - names;
        CountingDisk.Counts c = counting.counts().minus(before);

        assertThat(c.writes()).as("one positioned write per append").isEqualTo(n);
        assertThat(c.opens()).as("the descriptor is kept across appends").isZero();
        assertThat(c.fileSyncs() + c.directorySyncs()).as("no flush for a non-durable append").isZero();
        assertThat(c.locks()).as("the FileLock is kept across the burst (taken anew only after a name change)")
                .isLessThanOrEqualTo(renamed);
        assertThat(c.stats()).as("the path re-checked only every %d ns or after one of %d name changes, in %d checks",
                BurstLocks.RECHECK_NANOS, renamed, rechecks).isLessThanOrEqualTo(rechecks + renamed);
        // a re-check is one stat; a lock taken anew after a name change is the lock, a stat and the file's size
        assertThat(c.calls() - c.writes()).as("disk calls besides the writes").isLessThanOrEqualTo(rechecks + 3 * renamed);

        List<String> expected = new ArrayList<>();
        for (int i = 0; i <= n; i++) {
            expected.add("{\"i\":" + i + "}");
        }
        assertThat(fs.readRecords(log).records()).isEqualTo(expected);
    }

    @Test
    void durableAppendsFromOneThread_areOneWriteAndOneFileFlushEach_andNoDirectoryFlush() throws IOException {
        LocalVikingFs fs = open();
        VPath log = VPath.of("logs/d.jsonl");
        fs.append(log, "{\"i\":0}", true); // the new entry and its directories made durable once
        int n = 50;
        CountingDisk.Counts before = counting.counts();
        for (int i = 1; i <= n; i++) {
            fs.append(log, "{\"i\":" + i + "}", true);
        }
        CountingDisk.Counts c = counting.counts().minus(before);

        assertThat(c.writes()).isEqualTo(n);
        assertThat(c.fileSyncs()).as("one flush per durable append from one thread").isEqualTo(n);
        assertThat(c.directorySyncs()).as("the log's entry is durable after the first durable append").isZero();
        assertThat(c.opens()).isZero();
        assertThat(fs.readRecords(log).records()).hasSize(n + 1).last().isEqualTo("{\"i\":" + n + "}");
    }

    @Test
    void appendingToManyLogs_keepsAtMostTheBoundOfDescriptorsOpen_andEveryLogWhole() throws IOException {
        LocalVikingFs fs = open();
        int logs = 3 * MAX_OPEN_LOGS;
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < logs; i++) {
                fs.append(VPath.of("many/log-" + i), "{\"round\":" + round + "}", round == 1 && i % 7 == 0);
                assertThat(descriptors.open()).as("descriptors open after appending to log %d", i)
                        .isLessThanOrEqualTo(MAX_OPEN_LOGS + 1);
            }
        }
        for (int i = 0; i < logs; i++) {
            assertThat(fs.readRecords(VPath.of("many/log-" + i)).records()).as("log-%d", i)
                    .containsExactly("{\"round\":0}", "{\"round\":1}");
        }
        fs.close();
        assertThat(descriptors.open()).as("descriptors left open by a closed store").isZero();
    }

    @Test
    void close_closesEveryLogDescriptor_durableOrNot() throws IOException {
        LocalVikingFs fs = open();
        for (int i = 0; i < 5; i++) {
            fs.append(VPath.of("c/log-" + i), "{}", i % 2 == 0);
        }
        assertThat(descriptors.open()).isEqualTo(5);
        fs.close();
        assertThat(descriptors.open()).isZero();
    }

    /** Counts the descriptors of logs ({@code log-*} and {@code *.jsonl}) open now. */
    private static final class Descriptors extends ForwardingDisk {
        private final Set<DiskFile> open = ConcurrentHashMap.newKeySet();

        Descriptors(Disk delegate) {
            super(delegate);
        }

        int open() {
            return open.size();
        }

        @Override
        protected DiskFile wrap(DiskFile file) {
            String name = file.path().getFileName().toString();
            if (!name.startsWith("log-") && !name.endsWith(".jsonl")) {
                return file;
            }
            DiskFile tracked = new ForwardingDiskFile(file) {
                @Override
                public void close() throws IOException {
                    open.remove(this);
                    super.close();
                }
            };
            open.add(tracked);
            return tracked;
        }
    }
}
