package io.vikingfs.springai;

import io.vikingfs.memory.MemoryVikingFs;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.content.Media;
import org.springframework.util.MimeTypeUtils;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every Spring AI message type, with metadata, media, tool calls and tool responses, stored and read back. */
class SpringAiMessageCodecTest {
    private static final Map<String, Object> METADATA = metadata();

    @Test
    void everyMessageType_roundTripsThroughTheRepository_fieldForField() throws Exception {
        Media image = Media.builder().mimeType(MimeTypeUtils.IMAGE_PNG).data(new byte[] {1, 2, (byte) 255})
                .id("img-1").name("pixel").build();
        Media link = Media.builder().mimeType(MimeTypeUtils.parseMimeType("application/pdf"))
                .data(URI.create("https://example.com/a.pdf")).name("report").build();
        List<Message> messages = List.of(
                SystemMessage.builder().text("be brief").metadata(METADATA).build(),
                UserMessage.builder().text("look \"at\" this\n✓").media(List.of(image, link)).metadata(METADATA)
                        .build(),
                AssistantMessage.builder().content("calling a tool").properties(METADATA)
                        .toolCalls(List.of(new AssistantMessage.ToolCall("call-1", "function", "weather",
                                "{\"city\":\"Oslo\"}"))).build(),
                AssistantMessage.builder().content(null).toolCalls(List.of(
                        new AssistantMessage.ToolCall("call-2", "function", "time", "{}"))).build(),
                ToolResponseMessage.builder().responses(List.of(new ToolResponseMessage.ToolResponse("call-1",
                        "weather", "{\"celsius\":-3}"))).metadata(METADATA).build());
        try (MemoryVikingFs fs = MemoryVikingFs.create()) {
            new VikingFsChatMemoryRepository(fs).saveAll("c", messages);
            List<Message> back = new VikingFsChatMemoryRepository(fs).findByConversationId("c");
            assertThat(back).hasSize(messages.size());
            for (int i = 0; i < messages.size(); i++) {
                Message sent = messages.get(i);
                Message got = back.get(i);
                assertThat(got.getClass()).isEqualTo(sent.getClass());
                assertThat(got.getMessageType()).isEqualTo(sent.getMessageType());
                assertThat(got.getText()).isEqualTo(sent.getText());
                assertThat(got.getMetadata()).isEqualTo(sent.getMetadata());
                assertThat(got).isEqualTo(sent);
            }
            UserMessage user = (UserMessage) back.get(1);
            assertThat(user.getMedia()).hasSize(2);
            assertThat(user.getMedia().get(0).getMimeType()).isEqualTo(MimeTypeUtils.IMAGE_PNG);
            assertThat(user.getMedia().get(0).getDataAsByteArray()).containsExactly(1, 2, 255);
            assertThat(user.getMedia().get(0).getId()).isEqualTo("img-1");
            assertThat(user.getMedia().get(0).getName()).isEqualTo("pixel");
            assertThat(user.getMedia().get(1).getData()).isEqualTo("https://example.com/a.pdf");
            assertThat(user.getMedia().get(1).getName()).isEqualTo("report");
            assertThat(((AssistantMessage) back.get(2)).getToolCalls())
                    .isEqualTo(((AssistantMessage) messages.get(2)).getToolCalls());
            assertThat(((ToolResponseMessage) back.get(4)).getResponses())
                    .isEqualTo(((ToolResponseMessage) messages.get(4)).getResponses());
        }
    }

    @Test
    void metadataWithoutAFaithfulJsonForm_isRefusedNamingTheKey_andNothingIsWritten() throws Exception {
        try (MemoryVikingFs fs = MemoryVikingFs.create()) {
            VikingFsChatMemoryRepository repository = new VikingFsChatMemoryRepository(fs);
            repository.saveAll("c", List.of(new UserMessage("kept")));
            Message odd = UserMessage.builder().text("x").metadata(Map.of("when", java.time.Instant.EPOCH)).build();
            assertThatThrownBy(() -> repository.saveAll("c", List.of(new UserMessage("kept"), odd)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'when'").hasMessageContaining("java.time.Instant");
            assertThat(new VikingFsChatMemoryRepository(fs).findByConversationId("c"))
                    .containsExactly(new UserMessage("kept"));
        }
    }

    private static Map<String, Object> metadata() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("finishReason", "STOP");
        m.put("index", 3);
        m.put("score", 0.25);
        m.put("cached", true);
        m.put("nothing", null);
        m.put("tags", List.of("a", "b"));
        m.put("usage", Map.of("promptTokens", 12, "model", "m-1"));
        return m;
    }
}
