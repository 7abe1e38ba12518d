package io.vikingfs.object;

import io.vikingfs.DirEntry;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.WriteOptions;
import io.vikingfs.object.client.InMemoryAppendableObjectClient;
import io.vikingfs.object.client.InMemoryObjectClient;
import io.vikingfs.object.client.PutMode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The bucket layout of {@link Keys} and {@link Blocks} read back at its edges: a replacement with no content (a log
 * object that is its header alone), a compacted chunk that starts with a replacement, a log with more chunks than
 * one listing page holds, append-object bytes another
 * tool changed (refused, naming the object and the byte, nothing changed), and keys under a directory's marker
 * prefix that are not markers (a marker PUT still in progress on S3Proxy, a foreign key), which resolution passes
 * over whatever their number.
 */
class StoredFormatsTest {
    private static final VPath LOG = VPath.of("a/log.jsonl");

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static VikingFs open(InMemoryObjectClient client, ObjectStoreOptions options) throws IOException {
        return ObjectVikingFs.open(client, "root", options, true, URI.create("s3://memory/root"), null);
    }

    @Test
    void aReplacementWithNoContent_isAHeaderAlone_andReadsAsAnEmptyFile() throws IOException {
        InMemoryObjectClient store = new InMemoryObjectClient();
        try (VikingFs fs = open(store, ObjectStoreOptions.DEFAULT)) {
            fs.append(LOG, "{\"a\":0}", true);
            fs.atomicWrite(LOG, new byte[0], WriteOptions.DEFAULT);
            assertThat(store.snapshot()).as("the replacement: its header alone")
                    .hasEntrySatisfying("root/a/.vfs-log.log.jsonl/" + Keys.segment(2),
                            body -> assertThat(body).hasSize(Keys.HEADER_BYTES));
            assertThat(fs.exists(LOG)).isTrue();
            assertThat(fs.read(LOG)).isEmpty();
            fs.append(LOG, "{\"a\":1}", true);
            assertThat(fs.readRecords(LOG).records()).containsExactly("{\"a\":1}");
        }
    }

    @Test
    void aCompactedChunkThatStartsWithAReplacement_readsAsTheReplacementAndWhatFollows() throws IOException {
        InMemoryObjectClient store = new InMemoryObjectClient();
        try (VikingFs fs = open(store, ObjectStoreOptions.DEFAULT.withCompactionFanout(2))) {
            fs.append(LOG, "{\"old\":0}", true);
            fs.atomicWrite(LOG, b("{\"rep\":0}\n"), WriteOptions.DEFAULT);
            for (int i = 1; i <= 6; i++) {
                fs.append(LOG, "{\"a\":" + i + "}", true);
            }
            assertThat(store.snapshot()).as("a chunk starting with the replacement")
                    .anySatisfy((key, body) -> assertThat(new String(body, StandardCharsets.US_ASCII))
                            .startsWith("#vfs-rst "));
            assertThat(fs.readRecords(LOG).records()).containsExactly("{\"rep\":0}", "{\"a\":1}", "{\"a\":2}",
                    "{\"a\":3}", "{\"a\":4}", "{\"a\":5}", "{\"a\":6}");
        }
    }

    @Test
    void aLogWhoseChunksFillMoreThanOneListingPage_readsWhole() throws IOException {
        // at fanout 100, 65 level-1 chunks (6,500 appends, before the level-2 compaction at 10,000): more chunks
        // than the first listing page (64 objects) holds; the segments they cover are reclaimed
        int fanout = 100;
        int chunks = 65;
        InMemoryObjectClient store = new InMemoryObjectClient();
        String prefix = "root/a/" + Keys.LOG + "log.jsonl/";
        java.util.List<String> records = new java.util.ArrayList<>();
        for (int c = 1; c <= chunks; c++) {
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            for (int i = (c - 1) * fanout + 1; i <= c * fanout; i++) {
                records.add("{\"i\":" + i + "}");
                body.writeBytes(b("{\"i\":" + i + "}\n"));
            }
            store.put(prefix + Keys.chunk(1, (long) c * fanout), LogStore.body(Keys.Kind.CAT, body.toByteArray()),
                    PutMode.CREATE);
        }
        int next = chunks * fanout + 1;
        records.add("{\"i\":" + next + "}");
        store.put(prefix + Keys.segment(next), LogStore.body(Keys.Kind.APP, b("{\"i\":" + next + "}\n")),
                PutMode.CREATE);
        try (VikingFs fs = open(store, ObjectStoreOptions.DEFAULT.withCompactionFanout(fanout))) {
            assertThat(fs.readRecords(LOG).records()).containsExactlyElementsOf(records);
        }
    }

    @Test
    void appendObjectBytesAnotherToolChanged_areRefusedNamingTheObjectAndTheByte_andChangeNothing() throws IOException {
        String key = "root/a/.vfs-log.log.jsonl/" + Keys.segment(1);
        String header = "#vfs-app " + "0".repeat(32) + " ";
        Map<String, String> cases = Map.of(
                "no block header at byte 63", "#vfs", // a stray tail after the block, too short for a header
                "ends inside a block at byte 63 (100 payload bytes announced, 8 present)",
                header + "000000000100\n{\"b\":0}\n");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            InMemoryAppendableObjectClient store = new InMemoryAppendableObjectClient(1024, 100);
            try (VikingFs fs = open(store, ObjectStoreOptions.DEFAULT.withRecoverOnOpen(false))) {
                fs.append(LOG, "{\"a\":0}", true);
                byte[] block = store.snapshot().get(key);
                assertThat(block).hasSize(Blocks.HEADER_BYTES + 8);
                byte[] extra = b(c.getValue());
                byte[] changed = java.util.Arrays.copyOf(block, block.length + extra.length);
                System.arraycopy(extra, 0, changed, block.length, extra.length);
                store.put(key, changed, PutMode.OVERWRITE);
                Map<String, byte[]> before = store.snapshot();
                assertThatThrownBy(() -> fs.readRecords(LOG)).isInstanceOf(IOException.class)
                        .hasMessageContaining(key).hasMessageContaining(c.getKey())
                        .hasMessageContaining("another tool");
                assertThat(store.snapshot()).containsOnlyKeys(before.keySet())
                        .allSatisfy((k, bytes) -> assertThat(bytes).isEqualTo(before.get(k)));
            }
        }
    }

    @Test
    void keysUnderTheMarkerPrefixThatAreNotMarkers_arePassedOver_howeverManyListFirst() throws IOException {
        InMemoryObjectClient store = new InMemoryObjectClient();
        VPath live = VPath.of("w/live");
        try (VikingFs fs = open(store, ObjectStoreOptions.DEFAULT)) {
            fs.atomicWrite(live.resolve("f"), b("first"), WriteOptions.DEFAULT);
            try (var staged = fs.stage(live)) {
                fs.atomicWrite(staged.path().resolve("f"), b("switched"), WriteOptions.DEFAULT);
                staged.commit(true);
            }
            String markers = "root/w/live/" + Keys.GEN;
            assertThat(store.snapshot().keySet()).contains(markers + Keys.marker(1));
            // S3Proxy's temp objects of marker 2's PUT in progress list before marker 1; so does a foreign key
            for (int i = 0; i < 5; i++) {
                store.put(markers + Keys.marker(2) + "-" + UUID.randomUUID(), b("gen=g-"), PutMode.OVERWRITE);
            }
            store.put(markers + Keys.MARKER + "0".repeat(19) + "x", b("not a marker"), PutMode.OVERWRITE);
        }
        try (VikingFs fs = open(store, ObjectStoreOptions.DEFAULT.withRecoverOnOpen(false))) {
            assertThat(fs.read(live.resolve("f"))).isEqualTo(b("switched"));
            try (Stream<DirEntry> listed = fs.list(live)) {
                assertThat(listed.map(e -> e.path().name()).toList()).containsExactly("f");
            }
        }
    }
}
