package io.vikingfs.langchain4j;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.memory.ChatMemory;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import io.vikingfs.conformance.Concurrently;
import io.vikingfs.memory.MemoryVikingFs;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Concurrent {@link MessageWindowChatMemory}s over one store: nothing lost, each writer's order kept. */
class ChatMemoryStoreConcurrencyTest {
    private static final int THREADS = 8;
    private static final int TURNS = 50;

    @Test
    void eightThreads_eightConversations_loseNothing() throws Exception {
        try (MemoryVikingFs fs = MemoryVikingFs.create()) {
            VikingFsChatMemoryStore store = new VikingFsChatMemoryStore(fs);
            Concurrently.run(THREADS, t -> {
                ChatMemory memory = MessageWindowChatMemory.builder().id("conversation-" + t).maxMessages(1000)
                        .chatMemoryStore(store).build();
                for (int i = 0; i < TURNS; i++) {
                    memory.add(UserMessage.from(t + ":" + i));
                }
            });
            for (int t = 0; t < THREADS; t++) {
                List<ChatMessage> expected = new ArrayList<>();
                for (int i = 0; i < TURNS; i++) {
                    expected.add(UserMessage.from(t + ":" + i));
                }
                assertThat(new VikingFsChatMemoryStore(fs).getMessages("conversation-" + t)).isEqualTo(expected);
            }
        }
    }

    /** One conversation, eight threads sharing one store instance: every added message is kept once. */
    @Test
    void eightThreads_oneStore_oneConversation_everyAddedMessageKeptOnce() throws Exception {
        try (MemoryVikingFs fs = MemoryVikingFs.create()) {
            VikingFsChatMemoryStore store = new VikingFsChatMemoryStore(fs);
            Concurrently.run(THREADS, t -> {
                ChatMemory memory = MessageWindowChatMemory.builder().id("shared").maxMessages(1000)
                        .chatMemoryStore(store).build();
                for (int i = 0; i < TURNS; i++) {
                    memory.add(UserMessage.from(t + ":" + i));
                }
            });
            assertEveryWritersMessagesKept(new VikingFsChatMemoryStore(fs).getMessages("shared"));
        }
    }

    /**
     * One conversation, eight writers — each with its own store instance, as separate processes would have —
     * adding messages at once: every message is kept once, in each writer's order (an extension that loses the
     * race is appended after the winner's, never dropped).
     */
    @Test
    void eightWriters_oneConversation_everyAddedMessageKeptOnce_inEachWritersOrder() throws Exception {
        try (MemoryVikingFs fs = MemoryVikingFs.create()) {
            Concurrently.run(THREADS, t -> {
                ChatMemory memory = MessageWindowChatMemory.builder().id("shared").maxMessages(1000)
                        .chatMemoryStore(new VikingFsChatMemoryStore(fs)).build();
                for (int i = 0; i < TURNS; i++) {
                    memory.add(UserMessage.from(t + ":" + i));
                }
            });
            assertEveryWritersMessagesKept(new VikingFsChatMemoryStore(fs).getMessages("shared"));
        }
    }

    private static void assertEveryWritersMessagesKept(List<ChatMessage> stored) {
        assertThat(stored).hasSize(THREADS * TURNS).doesNotHaveDuplicates();
        for (int t = 0; t < THREADS; t++) {
            String prefix = t + ":";
            List<String> mine = stored.stream().map(m -> ((UserMessage) m).singleText())
                    .filter(s -> s.startsWith(prefix)).toList();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < TURNS; i++) {
                expected.add(prefix + i);
            }
            assertThat(mine).as("writer " + t + "'s messages, in its order").isEqualTo(expected);
        }
    }
}
