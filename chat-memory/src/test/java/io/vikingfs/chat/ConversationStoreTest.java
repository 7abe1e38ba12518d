package io.vikingfs.chat;

import io.vikingfs.CorruptRecordException;
import io.vikingfs.DirEntry;
import io.vikingfs.VPath;
import io.vikingfs.memory.MemoryVikingFs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The conversation protocol on the memory backend, with strings for messages. */
class ConversationStoreTest {
    private final MemoryVikingFs fs = MemoryVikingFs.create();
    private final ConversationStore<String> store = new ConversationStore<>(fs, new TextCodec());

    ConversationStoreTest() throws IOException {
    }

    @AfterEach
    void close() throws IOException {
        fs.close();
    }

    @Test
    void extension_appendsOnlyTheNewMessages_otherUpdates_writeANewGenerationWhole() throws IOException {
        store.write("c", List.of("a"));
        store.write("c", List.of("a", "b", "c"));
        VPath dir = store.folderOf("c");
        assertThat(logs(dir)).hasSize(1);
        assertThat(fs.readRecords(logs(dir).get(0)).records()).as("one record per message, appended").hasSize(3);

        store.write("c", List.of("b", "c", "d")); // trimmed and extended: a rewrite
        assertThat(logs(dir)).as("the old generation is deleted once the new one is committed").hasSize(1);
        assertThat(fs.readRecords(logs(dir).get(0)).records()).hasSize(3);
        assertThat(new ConversationStore<>(fs, new TextCodec()).read("c")).containsExactly("b", "c", "d");

        store.write("c", List.of());
        assertThat(new ConversationStore<>(fs, new TextCodec()).read("c")).isEmpty();
        assertThat(store.ids()).containsExactly("c");
        store.delete("c");
        assertThat(store.ids()).isEmpty();
        assertThat(fs.exists(dir)).isFalse();
        assertThat(store.read("c")).isEmpty();
    }

    @Test
    void recordsNoManifestNames_lostRaces_cutBatches_foreignLines_areNeverRead() throws IOException {
        store.write("c", List.of("a", "b"));
        VPath log = logs(store.folderOf("c")).get(0);
        // A batch whose writer crashed before its commit: parent is the current head, never named by a manifest.
        String head = fs.readRecords(log).records().get(1).replaceAll(".*\"b\":\"([^\"]+)\".*", "$1");
        fs.appendAll(log, List.of("{\"b\":\"lost\",\"p\":\"" + head + "\",\"m\":\"x\"}",
                "{\"other\":\"tool wrote this\"}"), true);
        ConversationStore<String> fresh = new ConversationStore<>(fs, new TextCodec());
        assertThat(fresh.read("c")).containsExactly("a", "b");
        fresh.write("c", List.of("a", "b", "c"));
        assertThat(new ConversationStore<>(fs, new TextCodec()).read("c")).containsExactly("a", "b", "c");
    }

    @Test
    void concurrentWriters_anExtensionIsRebased_aStaleReplacementIsRefused_andWritesNothing() throws IOException {
        ConversationStore<String> other = new ConversationStore<>(fs, new TextCodec()); // as another process
        store.write("c", List.of("x"));
        List<String> mine = store.read("c");
        List<String> theirs = other.read("c");
        theirs.add("b");
        other.write("c", theirs);
        mine.add("a");
        store.write("c", mine);
        assertThat(other.read("c")).as("both turns kept, the later commit after the earlier")
                .containsExactly("x", "b", "a");

        List<String> stale = store.read("c");
        other.read("c");
        other.write("c", List.of("a"));
        assertThatThrownBy(() -> store.write("c", stale.subList(1, 3)))
                .isInstanceOf(ConversationConflictException.class)
                .hasMessageContaining("conversation 'c'").hasMessageContaining("read it again");
        assertThat(other.read("c")).containsExactly("a");
    }

    @Test
    void anyIdIsOneFolderUnderTheRoot_emptyIdsAndBadMessagesAreRefusedBeforeAnythingIsWritten() throws IOException {
        List<String> ids = List.of("../../etc/passwd", "a/b", "A", "a", ".vfs-gen", ".", "..", "with space\n\t",
                "x".repeat(500), "\uD83D\uDE00 emoji", "%41", "~hash");
        for (String id : ids) {
            store.write(id, List.of(id));
        }
        for (String id : ids) {
            assertThat(new ConversationStore<>(fs, new TextCodec()).read(id)).as(id).containsExactly(id);
            assertThat(store.folderOf(id).parent()).isEqualTo(ConversationStore.DEFAULT_ROOT);
        }
        assertThat(store.ids()).containsExactlyInAnyOrderElementsOf(ids);

        assertThatThrownBy(() -> store.write("", List.of("m"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("non-empty");
        assertThatThrownBy(() -> store.write("\uD800", List.of("m"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unpaired surrogate");
        ConversationStore<String> broken = new ConversationStore<>(fs, new MessageCodec<>() {
            public String encode(String m) {
                return "{not json";
            }

            public String decode(String json) {
                return json;
            }
        });
        assertThatThrownBy(() -> broken.write("new", List.of("m"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid JSON").hasMessageContaining("nothing was written");
        assertThat(fs.exists(store.folderOf("new"))).isFalse();
    }

    @Test
    void aCommittedRecordLostOutsideTheLibrary_isReportedWithThePath_neverReadAsAShorterConversation()
            throws IOException {
        store.write("c", List.of("a", "b"));
        VPath log = logs(store.folderOf("c")).get(0);
        List<String> records = fs.readRecords(log).records();
        fs.delete(log);
        fs.appendAll(log, records.subList(0, 1), true);
        assertThatThrownBy(() -> new ConversationStore<>(fs, new TextCodec()).read("c"))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining(log.toString()).hasMessageContaining("2 messages");
    }

    private List<VPath> logs(VPath dir) throws IOException {
        try (Stream<DirEntry> s = fs.list(dir)) {
            return s.map(DirEntry::path).filter(p -> p.name().startsWith("log-")).toList();
        }
    }
}
