package io.vikingfs.object;

import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.WriteOptions;
import io.vikingfs.object.client.InMemoryObjectClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a log costs in requests, as {@link ObjectStoreOptions#compactionFanout()} promises: a read fetches at most
 * {@code fanout - 1} objects per level (plus the newest segment, not compacted until the next append), however
 * long the log; covered objects are deleted once the grace allows, and kept — unread — until then; a replacement
 * or delete makes what lies below unread. Counted on the in-memory object client, so a compaction run a step
 * early or late, or not at all, is seen as the cost it changes — content checks cannot see it.
 */
class LogCostTest {
    private static final VPath LOG = VPath.of("t.jsonl");
    private static final int FANOUT = 4;
    /**
     * A read lists the log twice — to find the file, then to fold it — and a listing takes one LIST for a log
     * without chunks, two for one with chunks, however long the log.
     */
    private static final long LISTS_PER_READ = 4;

    private static VikingFs open(InMemoryObjectClient store, LogRequests requests, Duration grace) throws IOException {
        InMemoryObjectClient counted = requests.counting(store);
        return ObjectVikingFs.open(counted, "p", ObjectStoreOptions.DEFAULT.withCompactionFanout(FANOUT).withReclaimGrace(grace)
                .withRecoverOnOpen(false), true, URI.create("s3://memory/p"), null);
    }

    /** Levels a log of {@code n} positions has: the digits of {@code n} in base {@link #FANOUT}. */
    private static int levels(long n) {
        int levels = 0;
        for (long m = n; m > 0; m /= FANOUT) {
            levels++;
        }
        return levels;
    }

    private static long logObjects(InMemoryObjectClient store) {
        return store.snapshot().keySet().stream().filter(k -> k.contains(".vfs-log.")).count();
    }

    private static String record(int i) {
        return "{\"i\":" + i + "}";
    }

    @Test
    void aReadFetchesAtMostFanoutMinusOneObjectsPerLevel_andCoveredObjectsAreDeleted() throws IOException {
        InMemoryObjectClient store = new InMemoryObjectClient();
        LogRequests requests = new LogRequests();
        List<String> appended = new ArrayList<>();
        try (VikingFs fs = open(store, requests, Duration.ZERO)) {
            for (int n = 1; n <= FANOUT * FANOUT * FANOUT + FANOUT + 2; n++) {
                fs.append(LOG, record(n), true);
                appended.add(record(n));
                requests.reset();
                assertThat(fs.readRecords(LOG).records()).isEqualTo(appended);
                long bound = (long) (FANOUT - 1) * levels(n - 1) + 1;
                assertThat(requests.of("get")).as("GETs of a read after %d appends", n).isLessThanOrEqualTo(bound);
                assertThat(requests.of("list")).as("LISTs of a read after %d appends", n)
                        .isLessThanOrEqualTo(LISTS_PER_READ);
                // without a grace nothing covered is kept: what a read may fetch is all there is
                assertThat(logObjects(store)).as("log objects after %d appends", n).isLessThanOrEqualTo(bound);
            }
        }
    }

    @Test
    void withAGrace_coveredSegmentsAreKeptButNeverRead() throws IOException {
        InMemoryObjectClient store = new InMemoryObjectClient();
        LogRequests requests = new LogRequests();
        int n = FANOUT * FANOUT * FANOUT * FANOUT + FANOUT + 1;
        try (VikingFs fs = open(store, requests, Duration.ofHours(1))) {
            for (int i = 1; i <= n; i++) {
                fs.append(LOG, record(i), true);
            }
            requests.reset();
            assertThat(fs.readRecords(LOG).records()).hasSize(n);
            assertThat(requests.of("get")).isLessThanOrEqualTo((long) (FANOUT - 1) * levels(n - 1) + 1);
            assertThat(requests.of("list")).isLessThanOrEqualTo(LISTS_PER_READ);
        }
        // every segment is still there (a slow appender could still be claiming its position); chunks besides
        long segments = store.snapshot().keySet().stream().filter(k -> k.contains("/s-")).count();
        assertThat(segments).isEqualTo(n);
        assertThat(logObjects(store)).isGreaterThan(n);
    }

    @Test
    void aReplacementMakesWhatLiesBelowUnread_andAReadAfterADeleteFindsNoFile() throws IOException {
        InMemoryObjectClient store = new InMemoryObjectClient();
        LogRequests requests = new LogRequests();
        try (VikingFs fs = open(store, requests, Duration.ofHours(1))) {
            for (int i = 1; i <= 10; i++) {
                fs.append(LOG, record(i), true);
            }
            fs.atomicWrite(LOG, (record(0) + "\n").getBytes(StandardCharsets.UTF_8), WriteOptions.DEFAULT);
            fs.append(LOG, record(11), true);
            requests.reset();
            assertThat(fs.readRecords(LOG).records()).containsExactly(record(0), record(11));
            assertThat(requests.of("get")).as("the replacement and the append after it").isEqualTo(2);
            fs.delete(LOG);
            assertThat(fs.exists(LOG)).isFalse();
        }
    }
}
