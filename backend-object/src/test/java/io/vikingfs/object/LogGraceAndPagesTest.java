package io.vikingfs.object;

import io.vikingfs.FileStat;
import io.vikingfs.RecoveryReport;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.object.client.InMemoryObjectClient;
import io.vikingfs.object.client.InMemoryObjectClient.Outcome;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A log's objects across the reclaim grace and across listing pages, on the in-memory object client: segments a
 * chunk covers are kept while younger than {@link ObjectStoreOptions#reclaimGrace()} and reclaimed once older
 * (the {@link LogStore} class comment); a read costs what {@link ObjectStoreOptions#compactionFanout()} promises
 * whether the covered segments are still there or not and however small the listing pages
 * ({@link ObjectStoreOptions#listPageSize()}); recovery sees every page; a log's {@code stat} says when its
 * content last changed.
 */
class LogGraceAndPagesTest {
    private static final VPath LOG = VPath.of("t.jsonl");
    private static final int FANOUT = 4;

    /** GETs and LISTs of the log's objects. */
    private final AtomicLong gets = new AtomicLong();
    private final AtomicLong lists = new AtomicLong();

    private VikingFs open(InMemoryObjectClient store, Duration grace, int pageSize) throws IOException {
        InMemoryObjectClient counted = store.view((i, op, key) -> {
            if (key.contains(".vfs-log.")) {
                (op.equals("get") ? gets : op.equals("list") ? lists : new AtomicLong()).incrementAndGet();
            }
            return Outcome.APPLY;
        });
        return ObjectVikingFs.open(counted, "p", ObjectStoreOptions.DEFAULT.withCompactionFanout(FANOUT)
                .withReclaimGrace(grace).withListPageSize(pageSize).withRecoverOnOpen(false), true,
                URI.create("s3://memory/p"), null);
    }

    private static String record(int i) {
        return "{\"i\":" + i + "}";
    }

    /** What a read may fetch after {@code n} appends: fanout − 1 per level of n − 1 positions, and the newest. */
    private static long getBound(long n) {
        int levels = 0;
        for (long m = n - 1; m > 0; m /= FANOUT) {
            levels++;
        }
        return (long) (FANOUT - 1) * levels + 1;
    }

    private static List<String> reported(RecoveryReport r) {
        List<String> all = new ArrayList<>(r.other());
        all.addAll(r.abandonedGenerations());
        return all;
    }

    @Test
    void coveredSegments_areKeptWhileYoungerThanTheGrace_andReclaimedOnceOlder_acrossListingPagesOfTwo()
            throws Exception {
        InMemoryObjectClient store = new InMemoryObjectClient();
        Duration grace = Duration.ofMillis(300);
        try (VikingFs fs = open(store, grace, 2)) {
            List<String> appended = new ArrayList<>();
            for (int i = 1; i <= 9; i++) { // chunks c1-4 and c1-8 cover segments 1..8; segment 9 is the newest
                fs.append(LOG, record(i), true);
                appended.add(record(i));
            }
            assertThat(reported(fs.recover(false))).as("segments younger than the grace may still be claimed")
                    .isEmpty();
            Thread.sleep(grace.toMillis() + 200);
            List<String> old = reported(fs.recover(false));
            assertThat(old).as("every covered segment, found across listing pages of two objects")
                    .hasSize(8).allMatch(k -> k.contains("/s-"));
            assertThat(reported(fs.recover(true))).containsExactlyInAnyOrderElementsOf(old);
            assertThat(store.snapshot().keySet()).doesNotContainAnyElementsOf(old);
            assertThat(fs.readRecords(LOG).records()).isEqualTo(appended);
        }
    }

    @Test
    void aReadCostsWhatTheFanoutPromises_whileCoveredSegmentsAreKept_andWithSmallListingPages() throws IOException {
        for (int pageSize : new int[] {1000, FANOUT}) {
            InMemoryObjectClient store = new InMemoryObjectClient();
            List<String> appended = new ArrayList<>();
            try (VikingFs fs = open(store, Duration.ofHours(1), pageSize)) {
                for (int n = 1; n <= 90; n++) { // past 64 objects: the first listing page no longer holds the log
                    fs.append(LOG, record(n), true);
                    appended.add(record(n));
                    gets.set(0);
                    lists.set(0);
                    assertThat(fs.readRecords(LOG).records()).isEqualTo(appended);
                    assertThat(gets.get()).as("GETs of a read after %d appends, pages of %d", n, pageSize)
                            .isLessThanOrEqualTo(getBound(n));
                    // a read lists the log twice (to find the file, to fold it); a listing is one LIST for a log
                    // without chunks, two with chunks, however long the log
                    assertThat(lists.get()).as("LISTs of a read after %d appends, pages of %d", n, pageSize)
                            .isLessThanOrEqualTo(n < FANOUT + 1 ? 2 : 4);
                }
            }
        }
    }

    @Test
    void aLogsStat_saysWhenItsContentLastChanged() throws Exception {
        try (VikingFs fs = open(new InMemoryObjectClient(), Duration.ZERO, 1000)) {
            Instant previous = Instant.EPOCH;
            for (int i = 1; i <= 6; i++) {
                Instant before = Instant.now().minusSeconds(1);
                fs.append(LOG, record(i), true);
                Instant after = Instant.now().plusSeconds(1);
                FileStat st = fs.stat(LOG);
                assertThat(st.lastModified()).as("after append %d", i).isNotNull().isBetween(before, after)
                        .isAfter(previous);
                previous = st.lastModified();
                Thread.sleep(2);
            }
        }
    }
}
