package io.vikingfs.langchain4j;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.memory.ChatMemory;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import io.vikingfs.chat.CrashAtEveryCall;
import io.vikingfs.memory.MemoryVikingFs;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A power loss or process crash at every storage call of every {@link MessageWindowChatMemory#add} of a short
 * conversation (first turn, appends, window evictions, a replaced system message): a cold store then reads the
 * conversation before the add or after it, never a mix; once the manifest is committed, the new one (durable).
 */
class ChatMemoryStoreCrashTest {
    private static final long SEED = Long.getLong("vikingfs.seed", 42L);

    @Test
    void everyCrashPointOfEveryAdd_leavesTheOldOrTheNewMessages() throws Exception {
        try (MemoryVikingFs memory = MemoryVikingFs.create()) {
            CrashAtEveryCall fs = new CrashAtEveryCall(memory, 3, SEED);
            VikingFsChatMemoryStore store = new VikingFsChatMemoryStore(fs);
            ChatMemory chat = MessageWindowChatMemory.builder().id("c").maxMessages(4).chatMemoryStore(store).build();
            List<ChatMessage> adds = List.of(SystemMessage.from("be brief"), UserMessage.from("u1"),
                    AiMessage.from("a1"), UserMessage.from("u2"), AiMessage.from("a2"), SystemMessage.from("be kind"),
                    UserMessage.from("u3"));
            int points = 0;
            for (ChatMessage m : adds) {
                List<ChatMessage> before = store.getMessages("c");
                List<List<ChatMessage>> seen = fs.readAtEveryCrashPoint(
                        crashed -> new VikingFsChatMemoryStore(crashed).getMessages("c"), () -> chat.add(m));
                List<ChatMessage> after = store.getMessages("c");
                points += CrashAtEveryCall.assertOldUntilCommitThenNew(seen, before, after,
                        "adding " + m + " (seed " + SEED + ")");
            }
            assertThat(points).isGreaterThan(50);
        }
    }
}
