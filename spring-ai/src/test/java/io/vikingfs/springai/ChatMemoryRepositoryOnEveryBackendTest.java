package io.vikingfs.springai;

import io.vikingfs.VikingFs;
import io.vikingfs.chat.ChatBackends;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.InMemoryChatMemoryRepository;
import org.springframework.ai.chat.memory.MessageWindowChatMemory;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring AI's own {@link MessageWindowChatMemory} over the repository on {@code file:}, {@code mem:} and S3: a
 * 1,000-turn conversation read back exactly through a cold repository, and a small window (every turn a rewrite)
 * matching the same memory over Spring AI's {@link InMemoryChatMemoryRepository}.
 */
class ChatMemoryRepositoryOnEveryBackendTest {
    private static final String ID = "user 42/session:1";
    /** Turns per conversation; {@code -Dvikingfs.chat.turns=N} lowers it for a quick run (S3 is ~35 ms a message). */
    private static final int TURNS = Integer.getInteger("vikingfs.chat.turns", 1000);

    @ParameterizedTest
    @ValueSource(strings = {"file", "mem", "s3"})
    void aThousandTurns_readBackExactly(String backend, @TempDir Path dir) throws Exception {
        try (ChatBackends b = ChatBackends.start(backend, dir); VikingFs fs = b.open()) {
            ChatMemory memory = MessageWindowChatMemory.builder().maxMessages(2 * TURNS + 1)
                    .chatMemoryRepository(new VikingFsChatMemoryRepository(fs)).build();
            List<Message> expected = new ArrayList<>();
            expected.add(new SystemMessage("You are terse."));
            memory.add(ID, expected.get(0));
            for (int turn = 0; turn < TURNS; turn++) {
                Message user = new UserMessage("question " + turn + " \"quoted\"\nsecond line ✓");
                Message ai = new AssistantMessage("answer " + turn);
                memory.add(ID, List.of(user, ai)); // one save per turn
                expected.add(user);
                expected.add(ai);
            }
            assertThat(memory.get(ID)).isEqualTo(expected);
            try (VikingFs again = b.open()) {
                VikingFsChatMemoryRepository cold = new VikingFsChatMemoryRepository(again);
                assertThat(cold.findByConversationId(ID)).as("through a cold repository on " + b.uri())
                        .isEqualTo(expected);
                assertThat(cold.findConversationIds()).containsExactly(ID);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mem"})
    void aSmallWindow_holdsWhatTheFrameworksInMemoryRepositoryHolds(String backend, @TempDir Path dir)
            throws Exception {
        try (ChatBackends b = ChatBackends.start(backend, dir); VikingFs fs = b.open()) {
            ChatMemory ours = MessageWindowChatMemory.builder().maxMessages(7)
                    .chatMemoryRepository(new VikingFsChatMemoryRepository(fs)).build();
            ChatMemory reference = MessageWindowChatMemory.builder().maxMessages(7)
                    .chatMemoryRepository(new InMemoryChatMemoryRepository()).build();
            for (int turn = 0; turn < 60; turn++) {
                List<Message> add = new ArrayList<>();
                if (turn % 20 == 0) {
                    add.add(new SystemMessage("system prompt v" + turn)); // replaces the previous one
                }
                add.add(new UserMessage("u" + turn));
                add.add(new AssistantMessage("a" + turn));
                ours.add(ID, add);
                reference.add(ID, add);
                assertThat(new VikingFsChatMemoryRepository(fs).findByConversationId(ID)).as("after turn " + turn)
                        .isEqualTo(reference.get(ID));
            }
        }
    }
}
