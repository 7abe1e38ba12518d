package io.vikingfs.langchain4j;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.memory.ChatMemory;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.store.memory.chat.InMemoryChatMemoryStore;
import io.vikingfs.VikingFs;
import io.vikingfs.chat.ChatBackends;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.vikingfs.chat.ChatBackends.ODD_ID;
import static io.vikingfs.chat.ChatBackends.TURNS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * LangChain4j's own {@link MessageWindowChatMemory} over the store on {@code file:}, {@code mem:} and S3: a
 * 1,000-turn conversation read back exactly through a cold store, and a small window (every turn a rewrite)
 * matching the same memory over LangChain4j's {@link InMemoryChatMemoryStore}.
 */
class ChatMemoryStoreOnEveryBackendTest {
    @ParameterizedTest
    @ValueSource(strings = {"file", "mem", "s3"})
    void aThousandTurns_readBackExactly(String backend, @TempDir Path dir) throws Exception {
        try (ChatBackends b = ChatBackends.start(backend, dir); VikingFs fs = b.open()) {
            ChatMemory memory = MessageWindowChatMemory.builder().id(ODD_ID).maxMessages(2 * TURNS + 1)
                    .chatMemoryStore(new VikingFsChatMemoryStore(fs)).build();
            List<ChatMessage> expected = new ArrayList<>();
            expected.add(SystemMessage.from("You are terse."));
            memory.add(expected.get(0));
            for (int turn = 0; turn < TURNS; turn++) {
                ChatMessage user = UserMessage.from("question " + turn + " \"quoted\"\nsecond line ✓");
                ChatMessage ai = AiMessage.from("answer " + turn);
                memory.add(user);
                memory.add(ai);
                expected.add(user);
                expected.add(ai);
            }
            assertThat(memory.messages()).isEqualTo(expected);
            try (VikingFs again = b.open()) {
                assertThat(new VikingFsChatMemoryStore(again).getMessages(ODD_ID))
                        .as("through a cold store on " + b.uri())
                        .isEqualTo(expected);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mem"})
    void aSmallWindow_holdsWhatTheFrameworksInMemoryStoreHolds(String backend, @TempDir Path dir) throws Exception {
        try (ChatBackends b = ChatBackends.start(backend, dir); VikingFs fs = b.open()) {
            ChatMemory ours = MessageWindowChatMemory.builder().id(ODD_ID).maxMessages(7)
                    .chatMemoryStore(new VikingFsChatMemoryStore(fs)).build();
            ChatMemory reference = MessageWindowChatMemory.builder().id(ODD_ID).maxMessages(7)
                    .chatMemoryStore(new InMemoryChatMemoryStore()).build();
            for (int turn = 0; turn < 60; turn++) {
                List<ChatMessage> add = new ArrayList<>();
                if (turn % 20 == 0) {
                    add.add(SystemMessage.from("system prompt v" + turn)); // replaces the previous one
                }
                add.add(UserMessage.from("u" + turn));
                add.add(AiMessage.from("a" + turn));
                for (ChatMessage m : add) {
                    ours.add(m);
                    reference.add(m);
                }
                assertThat(new VikingFsChatMemoryStore(fs).getMessages(ODD_ID)).as("after turn " + turn)
                        .isEqualTo(reference.messages());
            }
        }
    }
}
