package io.vikingfs.langchain4j;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.memory.ChatMemory;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import io.vikingfs.VikingFs;
import io.vikingfs.chat.ReadmeSnippets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's LangChain4j example, verbatim between the markers. */
class ReadmeExampleTest {
    @Test
    void theReadmeShowsThisCode() throws Exception {
        ReadmeSnippets.assertInReadme("src/test/java/io/vikingfs/langchain4j/ReadmeExampleTest.java");
    }

    @Test
    void readmeExample(@TempDir Path folder) throws Exception {
        // README-BEGIN
        try (VikingFs fs = VikingFs.open(URI.create("file:" + folder))) {     // or mem:…, s3://bucket/prefix?endpoint=…
            ChatMemoryStore store = new VikingFsChatMemoryStore(fs);
            ChatMemory memory = MessageWindowChatMemory.builder()
                    .id("user-42").maxMessages(20).chatMemoryStore(store).build();
            memory.add(UserMessage.from("Where is my order?"));
            memory.add(AiMessage.from("It ships tomorrow."));
        }
        try (VikingFs fs = VikingFs.open(URI.create("file:" + folder))) {     // after a restart, or a crash
            ChatMemory memory = MessageWindowChatMemory.builder()
                    .id("user-42").maxMessages(20).chatMemoryStore(new VikingFsChatMemoryStore(fs)).build();
            System.out.println(memory.messages());                             // both messages, whole
            // README-END
            assertThat(memory.messages()).containsExactly(UserMessage.from("Where is my order?"),
                    AiMessage.from("It ships tomorrow."));
        }
    }
}
