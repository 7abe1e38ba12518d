package io.vikingfs.springai;

import io.vikingfs.VikingFs;
import io.vikingfs.chat.ReadmeSnippets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.MessageWindowChatMemory;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.UserMessage;

import java.net.URI;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's Spring AI example, verbatim between the markers. */
class ReadmeExampleTest {
    @Test
    void theReadmeShowsThisCode() throws Exception {
        ReadmeSnippets.assertInReadme("src/test/java/io/vikingfs/springai/ReadmeExampleTest.java");
    }

    @Test
    void readmeExample(@TempDir Path folder) throws Exception {
        // README-BEGIN
        try (VikingFs fs = VikingFs.open(URI.create("file:" + folder))) {     // or mem:…, s3://bucket/prefix?endpoint=…
            ChatMemory memory = MessageWindowChatMemory.builder()
                    .chatMemoryRepository(new VikingFsChatMemoryRepository(fs)).maxMessages(20).build();
            memory.add("user-42", new UserMessage("Where is my order?"));
            memory.add("user-42", new AssistantMessage("It ships tomorrow."));
        }
        try (VikingFs fs = VikingFs.open(URI.create("file:" + folder))) {     // after a restart, or a crash
            ChatMemory memory = MessageWindowChatMemory.builder()
                    .chatMemoryRepository(new VikingFsChatMemoryRepository(fs)).maxMessages(20).build();
            System.out.println(memory.get("user-42"));                         // both messages, whole
            // README-END
            assertThat(memory.get("user-42")).containsExactly(new UserMessage("Where is my order?"),
                    new AssistantMessage("It ships tomorrow."));
        }
    }
}
