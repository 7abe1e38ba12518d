package io.vikingfs.springai;

import io.vikingfs.chat.CrashAtEveryCall;
import io.vikingfs.conformance.Concurrently;
import io.vikingfs.memory.MemoryVikingFs;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.MessageWindowChatMemory;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring AI's {@link MessageWindowChatMemory} over the repository: eight threads on eight conversations and on
 * one conversation lose nothing; a crash at every storage call of every add leaves the old or the new list.
 */
class ChatMemoryRepositoryConcurrencyAndCrashTest {
    private static final int THREADS = 8;
    private static final int TURNS = 50;
    private static final long SEED = Long.getLong("vikingfs.seed", 7L);

    @Test
    void eightThreads_eightConversations_loseNothing() throws Exception {
        try (MemoryVikingFs fs = MemoryVikingFs.create()) {
            ChatMemory memory = MessageWindowChatMemory.builder().maxMessages(1000)
                    .chatMemoryRepository(new VikingFsChatMemoryRepository(fs)).build();
            Concurrently.run(THREADS, t -> {
                for (int i = 0; i < TURNS; i++) {
                    memory.add("conversation-" + t, new UserMessage(t + ":" + i));
                }
            });
            VikingFsChatMemoryRepository cold = new VikingFsChatMemoryRepository(fs);
            assertThat(cold.findConversationIds()).hasSize(THREADS);
            for (int t = 0; t < THREADS; t++) {
                assertThat(texts(cold.findByConversationId("conversation-" + t))).isEqualTo(expected(t));
            }
        }
    }

    /** One conversation, eight writers with a repository each (as separate processes): every message kept once. */
    @Test
    void eightWriters_oneConversation_everyAddedMessageKeptOnce_inEachWritersOrder() throws Exception {
        try (MemoryVikingFs fs = MemoryVikingFs.create()) {
            Concurrently.run(THREADS, t -> {
                ChatMemory memory = MessageWindowChatMemory.builder().maxMessages(1000)
                        .chatMemoryRepository(new VikingFsChatMemoryRepository(fs)).build();
                for (int i = 0; i < TURNS; i++) {
                    memory.add("shared", new UserMessage(t + ":" + i));
                }
            });
            List<String> stored = texts(new VikingFsChatMemoryRepository(fs).findByConversationId("shared"));
            assertThat(stored).hasSize(THREADS * TURNS).doesNotHaveDuplicates();
            for (int t = 0; t < THREADS; t++) {
                String prefix = t + ":";
                assertThat(stored.stream().filter(s -> s.startsWith(prefix)).toList()).isEqualTo(expected(t));
            }
        }
    }

    @Test
    void everyCrashPointOfEveryAdd_leavesTheOldOrTheNewMessages() throws Exception {
        try (MemoryVikingFs memory = MemoryVikingFs.create()) {
            CrashAtEveryCall fs = new CrashAtEveryCall(memory, 3, SEED);
            VikingFsChatMemoryRepository repository = new VikingFsChatMemoryRepository(fs);
            ChatMemory chat = MessageWindowChatMemory.builder().maxMessages(4).chatMemoryRepository(repository).build();
            List<Message> adds = List.of(new SystemMessage("be brief"), new UserMessage("u1"),
                    new AssistantMessage("a1"), new UserMessage("u2"), new AssistantMessage("a2"),
                    new SystemMessage("be kind"), new UserMessage("u3"));
            int points = 0;
            for (Message m : adds) {
                List<Message> before = repository.findByConversationId("c");
                List<List<Message>> seen = fs.readAtEveryCrashPoint(
                        crashed -> new VikingFsChatMemoryRepository(crashed).findByConversationId("c"),
                        () -> chat.add("c", m));
                List<Message> after = repository.findByConversationId("c");
                points += CrashAtEveryCall.assertOldUntilCommitThenNew(seen, before, after,
                        "adding " + m + " (seed " + SEED + ")");
            }
            assertThat(points).isGreaterThan(50);
        }
    }

    private static List<String> texts(List<Message> messages) {
        return messages.stream().map(Message::getText).toList();
    }

    private static List<String> expected(int thread) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < TURNS; i++) {
            out.add(thread + ":" + i);
        }
        return out;
    }
}
