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

import static io.vikingfs.chat.ChatBackends.ODD_ID;
import static io.vikingfs.chat.ChatBackends.TURNS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring AI's own {@link MessageWindowChatMemory} over the repository on {@code file:}, {@code mem:} and S3: a
 * 1,000-turn conversation read back exactly through a cold repository, and a small window (every turn a rewrite)
 * matching the same memory over Spring AI's {@link InMemoryChatMemoryRepository}.
 */
class ChatMemoryRepositoryOnEveryBackendTest {
    @ParameterizedTest
    @ValueSource(strings = {"file", "mem", "s3"})
    void aThousandTurns_readBackExactly(String backend, @TempDir Path dir) throws Exception {
        try (ChatBackends b = ChatBackends.start(backend, dir); VikingFs fs = b.open()) {
            ChatMemory memory = MessageWindowChatMemory.builder().maxMessages(2 * TURNS + 1)
                    .chatMemoryRepository(new VikingFsChatMemoryRepository(fs)).build();
            List<Message> expected = new ArrayList<>();
            expected.add(new SystemMessage("You are terse."));
            memory.add(ODD_ID, expected.get(0));
            for (int turn = 0; turn < TURNS; turn++) {
                Message user = new UserMessage("question " + turn + " \"quoted\"\nsecond line ✓");
                Message ai = new AssistantMessage("answer " + turn);
                memory.add(ODD_ID, List.of(user, ai)); // one save per turn
                expected.add(user);
                expected.add(ai);
            }
            assertThat(memory.get(ODD_ID)).isEqualTo(expected);
            try (VikingFs again = b.open()) {
                VikingFsChatMemoryRepository cold = new VikingFsChatMemoryRepository(again);
                assertThat(cold.findByConversationId(ODD_ID)).as("through a cold repository on " + b.uri())
                        .isEqualTo(expected);
                assertThat(cold.findConversationIds()).containsExactly(ODD_ID);
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
                ours.add(ODD_ID, add);
                reference.add(ODD_ID, add);
                assertThat(new VikingFsChatMemoryRepository(fs).findByConversationId(ODD_ID)).as("after turn " + turn)
                        .isEqualTo(reference.get(ODD_ID));
            }
        }
    }
}
