package io.vikingfs.object;

import io.vikingfs.InvalidRecordException;
import io.vikingfs.UnsupportedByBackendException;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.WriteOptions;
import io.vikingfs.object.client.InMemoryAppendableObjectClient;
import io.vikingfs.object.client.InMemoryObjectClient.Outcome;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Logs kept in append objects ({@link AppendObjectLog}): layout, rollover, the batch limit, lost answers. */
class AppendObjectLogTest {
    private static final VPath LOG = VPath.of("a/log.jsonl");

    private static VikingFs open(InMemoryAppendableObjectClient view) throws IOException {
        return ObjectVikingFs.open(view, "root", ObjectStoreOptions.DEFAULT, true, URI.create("az://memory/root"), null);
    }

    private static List<String> segments(InMemoryAppendableObjectClient store) {
        return store.snapshot().keySet().stream().filter(k -> k.startsWith("root/a/.vfs-log.log.jsonl/")).toList();
    }

    @Test
    void appends_areBlocksOfOneAppendObject_andRollOverWhenItIsFull() throws Exception {
        InMemoryAppendableObjectClient store = new InMemoryAppendableObjectClient(1024, 3);
        List<String> written = new ArrayList<>();
        try (VikingFs fs = open(store)) {
            for (int i = 0; i < 10; i++) {
                fs.append(LOG, "{\"i\":" + i + "}", true);
                written.add("{\"i\":" + i + "}");
            }
            assertThat(fs.readRecords(LOG).records()).isEqualTo(written);
        }
        List<String> keys = segments(store);
        assertThat(keys).as("3 blocks per object: 10 appends fill 4 segments, in order")
                .containsExactly("root/a/.vfs-log.log.jsonl/s-00000000000000000001",
                        "root/a/.vfs-log.log.jsonl/s-00000000000000000002",
                        "root/a/.vfs-log.log.jsonl/s-00000000000000000003",
                        "root/a/.vfs-log.log.jsonl/s-00000000000000000004");
        assertThat(keys).allMatch(store::isAppendable);
        String first = new String(store.snapshot().get(keys.get(0)), StandardCharsets.UTF_8);
        assertThat(first).as("one block per append: a 55-byte header, then the record")
                .matches("(#vfs-app [0-9a-f]{32} 000000000008\n\\{\"i\":[0-2]}\n){3}");
    }

    @Test
    void aBatchLargerThanOneBlock_isRefusedWhole_namingTheLimit_andNothingIsAppended() throws Exception {
        InMemoryAppendableObjectClient store = new InMemoryAppendableObjectClient(200, 50);
        try (VikingFs fs = open(store)) {
            fs.append(LOG, "{\"before\":1}", true);
            List<String> batch = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                batch.add("{\"i\":" + i + "}");
            }
            assertThatThrownBy(() -> fs.appendAll(LOG, batch, true)).isInstanceOf(InvalidRecordException.class)
                    .hasMessageContaining("at most 145 bytes").hasMessageContaining("nothing was appended");
            assertThat(fs.readRecords(LOG).records()).containsExactly("{\"before\":1}");
        }
    }

    @Test
    void twoWritersAppendingIdenticalRecords_bothAreKept_andALostAnswerIsNotSentTwice() throws Exception {
        InMemoryAppendableObjectClient store = new InMemoryAppendableObjectClient(1024, 100);
        AtomicBoolean loseNextAppend = new AtomicBoolean();
        InMemoryAppendableObjectClient lossy = store.view((i, op, key) ->
                op.equals("append") && loseNextAppend.getAndSet(false) ? Outcome.APPLY_AND_LOSE_RESPONSE : Outcome.APPLY);
        try (VikingFs a = open(lossy); VikingFs b = open(store.view((i, op, key) -> Outcome.APPLY))) {
            a.append(LOG, "{\"same\":true}", true);
            b.append(LOG, "{\"same\":true}", true);
            loseNextAppend.set(true);
            a.append(LOG, "{\"same\":true}", true); // lands; its answer is lost; the check finds it and stops
            b.append(LOG, "{\"same\":true}", true);
            assertThat(b.readRecords(LOG).records()).hasSize(4).containsOnly("{\"same\":true}");
        }
    }

    @Test
    void replaceAndDelete_startANewSegment_afterSealingTheOldOne_andAppendsFollowThem() throws Exception {
        InMemoryAppendableObjectClient store = new InMemoryAppendableObjectClient(1024, 100);
        try (VikingFs fs = open(store)) {
            fs.append(LOG, "{\"old\":1}", true);
            fs.atomicWrite(LOG, "{\"new\":1}\n".getBytes(StandardCharsets.UTF_8), WriteOptions.DEFAULT);
            fs.append(LOG, "{\"new\":2}", true);
            assertThat(fs.readRecords(LOG).records()).containsExactly("{\"new\":1}", "{\"new\":2}");
            Map<String, byte[]> objects = store.snapshot();
            String second = new String(objects.get("root/a/.vfs-log.log.jsonl/s-00000000000000000002"),
                    StandardCharsets.UTF_8);
            assertThat(second).startsWith("#vfs-rep ").contains("#vfs-app ");
            fs.delete(LOG);
            assertThat(fs.exists(LOG)).isFalse();
            fs.append(LOG, "{\"again\":1}", true);
            assertThat(fs.readRecords(LOG).records()).containsExactly("{\"again\":1}");
        }
    }

    @Test
    void threadsOfOneClient_groupedIntoBlocks_neverLargerThanOneBlock() throws Exception {
        InMemoryAppendableObjectClient store = new InMemoryAppendableObjectClient(200, 1000);
        int threads = 8;
        int each = 40;
        try (VikingFs fs = open(store)) {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int w = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        fs.append(LOG, record(w, i), true);
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get(); // a group over 145 bytes (more than two records) would have been refused by the store
            }
            pool.shutdown();
            List<String> records = fs.readRecords(LOG).records();
            assertThat(records).hasSize(threads * each);
            int[] next = new int[threads];
            for (String r : records) {
                int w = r.charAt(5) - '0';
                assertThat(r).as("writer %d's order", w).isEqualTo(record(w, next[w]));
                next[w]++;
            }
        }
    }

    /** About 60 bytes: two fit in one 145-byte block, three do not. */
    private static String record(int w, int i) {
        return "{\"w\":" + w + ",\"i\":" + i + ",\"pad\":\"" + "x".repeat(36) + "\"}";
    }

    /** A record of {@code bytes} bytes with its newline ({@code {"p":"xx…"}}). */
    private static String recordOf(int bytes) {
        return "{\"p\":\"" + "x".repeat(bytes - 9) + "\"}";
    }

    @Test
    void aBatchOfExactlyOneBlock_isStored_whetherAppended_convertingAFile_orReplacingTheLog() throws Exception {
        InMemoryAppendableObjectClient store = new InMemoryAppendableObjectClient(200, 50); // blocks of 145 bytes
        try (VikingFs fs = open(store)) {
            fs.appendAll(LOG, List.of(recordOf(100), recordOf(45)), true);
            List<String> tooMany = List.of(recordOf(100), recordOf(46));
            assertThatThrownBy(() -> fs.appendAll(LOG, tooMany, true)).isInstanceOfSatisfying(InvalidRecordException.class,
                    e -> assertThat(e.index()).as("an index into the batch").isBetween(0, tooMany.size() - 1));
            assertThat(fs.readRecords(LOG).records()).containsExactly(recordOf(100), recordOf(45));

            VPath plain = VPath.of("a/plain.jsonl"); // converted: its 20 bytes and the record are one block
            fs.atomicWrite(plain, (recordOf(20) + "\n").getBytes(StandardCharsets.UTF_8), WriteOptions.DEFAULT);
            fs.append(plain, recordOf(125), true);
            assertThat(fs.readRecords(plain).records()).containsExactly(recordOf(20), recordOf(125));
            VPath plain2 = VPath.of("a/plain2.jsonl");
            fs.atomicWrite(plain2, (recordOf(20) + "\n").getBytes(StandardCharsets.UTF_8), WriteOptions.DEFAULT);
            assertThatThrownBy(() -> fs.append(plain2, recordOf(126), true)).isInstanceOf(InvalidRecordException.class)
                    .hasMessageContaining("nothing was appended");

            fs.atomicWrite(LOG, (recordOf(145) + "\n").getBytes(StandardCharsets.UTF_8), WriteOptions.DEFAULT);
            assertThat(fs.readRecords(LOG).records()).containsExactly(recordOf(145));
            assertThatThrownBy(() -> fs.atomicWrite(LOG, (recordOf(146) + "\n").getBytes(StandardCharsets.UTF_8),
                    WriteOptions.DEFAULT)).isInstanceOf(UnsupportedByBackendException.class).hasMessageContaining("145 bytes");
            assertThat(fs.readRecords(LOG).records()).containsExactly(recordOf(145));
        }
    }
}
