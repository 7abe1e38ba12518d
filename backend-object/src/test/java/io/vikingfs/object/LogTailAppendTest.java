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
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an append saves by remembering what this client stored. An append right after the position the same client
 * claimed last ({@link LogStore#appendAtTail}): one HEAD and one create-only PUT of the log's objects, no LIST of
 * them; and whenever the tail is no longer the log's end holding a file — another client appended, the directory
 * was deleted and the log made anew shorter, the log was deleted and a plain file written in its place — the
 * append goes the listing way and lands where a fresh listing puts it: every record present once, in each
 * writer's order, nothing hidden. A compaction takes the objects this client stored from memory, and fetches those
 * another client stored or that hold other bytes now (ETag). Two clients of one in-memory store.
 */
class LogTailAppendTest {
    private static final VPath LOG = VPath.of("d/t.jsonl");
    private static final int FANOUT = 4;

    private static VikingFs open(InMemoryObjectClient store, LogRequests requests) throws IOException {
        InMemoryObjectClient counted = requests.counting(store);
        return ObjectVikingFs.open(counted, "p", ObjectStoreOptions.DEFAULT.withCompactionFanout(FANOUT)
                .withRecoverOnOpen(false), true, URI.create("s3://memory/p"), null);
    }

    private static String rec(String writer, int i) {
        return "{\"w\":\"" + writer + "\",\"i\":" + i + "}";
    }

    @Test
    void theNextAppendOfTheSameClient_isOneHeadAndOnePut_andACompactionDueStillRuns() throws IOException {
        InMemoryObjectClient store = new InMemoryObjectClient();
        LogRequests requests = new LogRequests();
        try (VikingFs fs = open(store, requests)) {
            fs.append(LOG, rec("a", 1), true);
            for (int i = 2; i <= FANOUT; i++) {
                requests.reset();
                fs.append(LOG, rec("a", i), true);
                assertThat(requests.kinds()).as("requests of append %d on the log's objects", i)
                        .containsExactlyInAnyOrder("head", "put");
                assertThat(requests.of("head")).isEqualTo(1);
                assertThat(requests.of("put")).isEqualTo(1);
            }
            requests.reset();
            fs.append(LOG, rec("a", FANOUT + 1), true); // position FANOUT ends a level-1 chunk: listed, compacted
            assertThat(requests.of("list")).as("a compaction is due: the log is listed").isPositive();
            assertThat(store.snapshot().keySet()).anyMatch(k -> k.endsWith("/" + Keys.chunk(1, FANOUT)));
            assertThat(fs.readRecords(LOG).records()).containsExactly(rec("a", 1), rec("a", 2), rec("a", 3),
                    rec("a", 4), rec("a", 5));
        }
    }

    @Test
    void aPositionAnotherClientTook_sendsTheAppendTheListingWay_andEveryRecordLandsInOrder() throws IOException {
        InMemoryObjectClient store = new InMemoryObjectClient();
        LogRequests requests = new LogRequests();
        try (VikingFs a = open(store, requests); VikingFs b = open(store, new LogRequests())) {
            a.append(LOG, rec("a", 1), true);
            b.append(LOG, rec("b", 1), true);
            requests.reset();
            a.append(LOG, rec("a", 2), true);
            assertThat(requests.of("put")).as("the taken position, then the next one").isEqualTo(2);
            assertThat(requests.of("list")).isPositive();
            assertThat(a.readRecords(LOG).records()).containsExactly(rec("a", 1), rec("b", 1), rec("a", 2));
        }
    }

    @Test
    void aDirectoryDeletedAndItsLogMadeAnewShorter_theAppendLandsAtTheNewEnd_andTheNextOneSkipsTheListingAgain()
            throws IOException {
        InMemoryObjectClient store = new InMemoryObjectClient();
        LogRequests requests = new LogRequests();
        try (VikingFs a = open(store, requests); VikingFs b = open(store, new LogRequests())) {
            for (int i = 1; i <= 3; i++) {
                a.append(LOG, rec("a", i), true); // a's tail: position 3
            }
            b.deleteRecursively(VPath.of("d"));
            b.append(LOG, rec("b", 1), true); // the new log: position 1 only
            a.append(LOG, rec("a", 4), true); // not at position 4: the log would have a gap no reader gets past
            // the stale tail (3) is forgotten, the listing's claim (2) is the tail now: the next append is again
            // one HEAD and one PUT — kept, the stale tail would cost a HEAD, a LIST and a PUT at every append
            requests.reset();
            a.append(LOG, rec("a", 5), true);
            assertThat(requests.kinds()).as("requests of the append after the one that found its tail gone")
                    .containsExactlyInAnyOrder("head", "put");
            assertThat(requests.of("head")).isEqualTo(1);
            assertThat(requests.of("put")).isEqualTo(1);
            assertThat(b.readRecords(LOG).records()).containsExactly(rec("b", 1), rec("a", 4), rec("a", 5));
        }
    }

    @Test
    void aLogDeletedAndAPlainFileWrittenInItsPlace_theAppendConvertsThePlainFile() throws IOException {
        InMemoryObjectClient store = new InMemoryObjectClient();
        try (VikingFs a = open(store, new LogRequests()); VikingFs b = open(store, new LogRequests())) {
            a.append(LOG, rec("a", 1), true);
            a.append(LOG, rec("a", 2), true); // a's tail: position 2
            b.deleteRecursively(VPath.of("d"));
            b.append(LOG, rec("b", 1), true);
            b.delete(LOG); // position 2 again: a delete now
            b.atomicWrite(LOG, (rec("plain", 1) + "\n").getBytes(StandardCharsets.UTF_8), WriteOptions.DEFAULT);
            a.append(LOG, rec("a", 3), true); // after the delete at position 2 it would hide the plain file
            assertThat(b.readRecords(LOG).records()).isEqualTo(List.of(rec("plain", 1), rec("a", 3)));
        }
    }

    @Test
    void aCompactionOfWhatThisClientStored_fetchesNothing_andAnotherClientsObjectIsFetched() throws IOException {
        InMemoryObjectClient store = new InMemoryObjectClient();
        LogRequests requests = new LogRequests();
        try (VikingFs a = open(store, requests); VikingFs b = open(store, new LogRequests())) {
            for (int i = 1; i <= FANOUT - 1; i++) {
                a.append(LOG, rec("a", i), true);
            }
            b.append(LOG, rec("b", 1), true); // position FANOUT: b's
            requests.reset();
            a.append(LOG, rec("a", FANOUT), true); // lists, compacts 1..FANOUT, then claims FANOUT + 1
            assertThat(store.snapshot().keySet()).anyMatch(k -> k.endsWith("/" + Keys.chunk(1, FANOUT)));
            assertThat(requests.of("get")).as("only b's segment is fetched").isEqualTo(1);
            for (int i = FANOUT + 1; i <= 2 * FANOUT; i++) {
                a.append(LOG, rec("a", i), true);
            }
            requests.reset();
            a.append(LOG, rec("a", 2 * FANOUT + 1), true); // compacts FANOUT + 1..2 * FANOUT, all a's
            assertThat(requests.of("get")).as("a compaction of a's own segments").isZero();
            assertThat(b.readRecords(LOG).records()).containsExactly(rec("a", 1), rec("a", 2), rec("a", 3),
                    rec("b", 1), rec("a", 4), rec("a", 5), rec("a", 6), rec("a", 7), rec("a", 8), rec("a", 9));
        }
    }

    @Test
    void aCompactionOfTheNextLevel_takesTheChunksThisClientStored_fromMemoryToo() throws IOException {
        InMemoryObjectClient store = new InMemoryObjectClient();
        LogRequests requests = new LogRequests();
        try (VikingFs a = open(store, requests)) {
            for (int i = 1; i <= FANOUT * FANOUT; i++) {
                a.append(LOG, rec("a", i), true);
            }
            requests.reset();
            a.append(LOG, rec("a", FANOUT * FANOUT + 1), true); // compacts level 1, then level 2 over the chunks
            assertThat(store.snapshot().keySet()).anyMatch(k -> k.endsWith("/" + Keys.chunk(2, FANOUT * FANOUT)));
            assertThat(requests.of("get")).isZero();
            assertThat(a.readRecords(LOG).records()).hasSize(FANOUT * FANOUT + 1)
                    .endsWith(rec("a", FANOUT * FANOUT + 1));
        }
    }

    @Test
    void aSegmentThisClientStored_butNowHoldingOtherBytes_isFetchedForTheCompaction() throws IOException {
        InMemoryObjectClient store = new InMemoryObjectClient();
        LogRequests requests = new LogRequests();
        try (VikingFs a = open(store, requests)) {
            for (int i = 1; i <= FANOUT; i++) {
                a.append(LOG, rec("a", i), true);
            }
            // what a key deleted and claimed again by another client would hold: the same key, other bytes
            store.put("p/d/.vfs-log.t.jsonl/" + Keys.segment(2),
                    LogStore.body(Keys.Kind.APP, (rec("other", 2) + "\n").getBytes(StandardCharsets.UTF_8)),
                    io.vikingfs.object.client.PutMode.OVERWRITE);
            requests.reset();
            a.append(LOG, rec("a", FANOUT + 1), true);
            assertThat(requests.of("get")).isEqualTo(1);
            assertThat(a.readRecords(LOG).records()).containsExactly(rec("a", 1), rec("other", 2), rec("a", 3),
                    rec("a", 4), rec("a", 5));
        }
    }

    @Test
    void aTail_isTrustedForHalfTheGrace_forgottenOnADelete_andTheHigherOfTwoClaimsIsKept() {
        LogTails tails = new LogTails(Duration.ofHours(1));
        long now = System.nanoTime();
        tails.claimed("L/", 5, true, now);
        assertThat(tails.trusted("L/")).hasValue(5);
        tails.claimed("L/", 4, true, now); // a slower claim of this client answered after a newer one
        assertThat(tails.trusted("L/")).hasValue(5);
        tails.forget("L/", 4);
        assertThat(tails.trusted("L/")).as("only the tail named is forgotten").hasValue(5);
        tails.claimed("L/", 6, false, now);
        assertThat(tails.trusted("L/")).as("a delete claimed").isEmpty();
        tails.claimed("M/", 7, true, now - Duration.ofMinutes(30).toNanos());
        assertThat(tails.trusted("M/")).as("claimed half the grace ago").isEmpty();
        tails.claimed("M/", 8, true, now - Duration.ofMinutes(29).toNanos());
        assertThat(tails.trusted("M/")).hasValue(8);
        LogTails noGrace = new LogTails(Duration.ZERO);
        noGrace.claimed("L/", 1, true, now - Duration.ofDays(1).toNanos());
        assertThat(noGrace.trusted("L/")).as("one client only: trusted until it claims past it").hasValue(1);
    }

    @Test
    void beyondMaxLogs_everyTailIsDropped_andTheNextAppendListsAgain() {
        LogTails tails = new LogTails(Duration.ofHours(1));
        long now = System.nanoTime();
        for (int i = 0; i < LogTails.MAX_LOGS; i++) {
            tails.claimed("L" + i + "/", 1, true, now);
        }
        assertThat(tails.trusted("L0/")).hasValue(1);
        tails.claimed("L0/", 2, true, now); // a log already known: nothing dropped
        assertThat(tails.trusted("L1/")).hasValue(1);
        tails.claimed("new/", 1, true, now);
        assertThat(tails.trusted("L0/")).isEmpty();
        assertThat(tails.trusted("new/")).hasValue(1);
    }
}
