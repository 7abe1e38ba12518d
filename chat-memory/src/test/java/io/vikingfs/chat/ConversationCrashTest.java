package io.vikingfs.chat;

import io.vikingfs.memory.MemoryVikingFs;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A crash at every call of every kind of update (first write, extension, trim, edit, emptying, delete) leaves the
 * old conversation until the manifest is committed and the new one from then on — never a mix — and the store
 * stays writable after each crash.
 */
class ConversationCrashTest {
    private static final long SEED = Long.getLong("vikingfs.seed", 20261204L);

    @Test
    void everyCrashPointOfEveryUpdate_leavesTheOldOrTheNewConversation_neverAMix() throws IOException {
        try (MemoryVikingFs memory = MemoryVikingFs.create()) {
            CrashAtEveryCall fs = new CrashAtEveryCall(memory, 4, SEED);
            ConversationStore<String> store = new ConversationStore<>(fs, new TextCodec());
            List<List<String>> updates = List.of(
                    List.of("a", "b"),                // first write: creates the conversation
                    List.of("a", "b", "c", "d"),      // extension: an append
                    List.of("b", "c", "d", "e"),      // window trim: a new generation
                    List.of("b", "EDITED", "d", "e"), // edit: a new generation
                    List.of(),                        // emptied
                    List.of("again"));                // extension of an empty conversation
            List<String> old = List.of();
            for (List<String> next : updates) {
                check(fs, store, "c", old, next, () -> store.write("c", next));
                old = next;
            }
            check(fs, store, "c", old, List.of(), () -> store.delete("c"));
            assertThat(fs.points()).as("crash points checked (seed " + SEED + ")").hasSizeGreaterThan(30);
        }
    }

    interface Update {
        void run() throws IOException;
    }

    private static void check(CrashAtEveryCall fs, ConversationStore<String> store, String id, List<String> old,
                              List<String> next, Update update) throws IOException {
        boolean[] committed = {false};
        List<String> seen = new ArrayList<>();
        fs.arm((crashed, where) -> {
            if (where.startsWith("after ") && where.contains("/conversation.json,")) {
                committed[0] = true; // the commit point: the manifest was replaced (or, for delete, removed)
            }
            ConversationStore<String> reopened = new ConversationStore<>(crashed, new TextCodec());
            List<String> got = reopened.read(id);
            String context = "update " + old + " -> " + next + ", crash " + where + " (seed " + SEED + ")";
            assertThat(got).as(context).isEqualTo(committed[0] ? next : old);
            List<String> more = new ArrayList<>(got);
            more.add("after-crash");
            reopened.write(id, more);
            assertThat(new ConversationStore<>(crashed, new TextCodec()).read(id)).as(context).isEqualTo(more);
            seen.add(where);
        });
        update.run();
        fs.arm(null);
        assertThat(committed[0]).as("the update " + old + " -> " + next + " reached its commit point").isTrue();
        assertThat(store.read(id)).isEqualTo(next);
    }
}
