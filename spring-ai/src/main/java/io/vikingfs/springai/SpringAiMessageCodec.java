package io.vikingfs.springai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vikingfs.chat.MessageCodec;
import org.springframework.ai.chat.messages.AbstractMessage;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.content.Media;
import org.springframework.util.MimeTypeUtils;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Spring AI messages as JSON (Spring AI has no stock serialiser):
 * {@code {"type":"USER|ASSISTANT|SYSTEM|TOOL","text":…,"metadata":{…},"media":[…],"toolCalls":[…],
 * "responses":[…]}},
 * each field present where the message type has it. Media keep their MIME type, id, name and data (a URL string
 * as {@code "url"}, bytes as base64 {@code "bytes"}).
 *
 * <p>Metadata values must be JSON values — strings, numbers, booleans, null, and lists and string-keyed maps of
 * those — and come back as Jackson reads JSON: a whole number as {@code Integer} when it fits (else {@code Long}
 * or {@code BigInteger}), a decimal as {@code Double}. Any other value is refused with an
 * {@link IllegalArgumentException} naming its key, before anything is written, rather than stored as something
 * else. So is a message class other than the four above, and media data other than a URL or bytes.
 */
final class SpringAiMessageCodec implements MessageCodec<Message> {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    @Override
    public String encode(Message message) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("type", message.getMessageType().name());
        if (message.getText() != null) {
            n.put("text", message.getText());
        }
        Map<String, Object> metadata = new LinkedHashMap<>(message.getMetadata());
        // Spring AI puts the message's own type under "messageType"; "type" holds it, and the message's constructor
        // puts it back on reading.
        metadata.remove(AbstractMessage.MESSAGE_TYPE, message.getMessageType());
        n.set("metadata", metadata(metadata));
        if (message instanceof UserMessage u) {
            n.set("media", media(u.getMedia()));
        } else if (message instanceof AssistantMessage a) {
            n.set("media", media(a.getMedia()));
            ArrayNode calls = n.putArray("toolCalls");
            for (AssistantMessage.ToolCall c : a.getToolCalls()) {
                calls.addObject().put("id", c.id()).put("type", c.type()).put("name", c.name())
                        .put("arguments", c.arguments());
            }
        } else if (message instanceof ToolResponseMessage t) {
            ArrayNode responses = n.putArray("responses");
            for (ToolResponseMessage.ToolResponse r : t.getResponses()) {
                responses.addObject().put("id", r.id()).put("name", r.name()).put("responseData", r.responseData());
            }
        } else if (!(message instanceof SystemMessage)) {
            throw new IllegalArgumentException("cannot store a " + message.getClass().getName() + ": only Spring AI's "
                    + "UserMessage, AssistantMessage, SystemMessage and ToolResponseMessage have a JSON mapping");
        }
        return n.toString();
    }

    @Override
    public Message decode(String json) {
        JsonNode n;
        try {
            n = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a stored Spring AI message: " + e.getOriginalMessage(), e);
        }
        String text = n.hasNonNull("text") ? n.get("text").asText() : null;
        Map<String, Object> metadata = MAPPER.convertValue(n.path("metadata"), MAP);
        String type = n.path("type").asText();
        switch (type) {
            case "USER":
                return UserMessage.builder().text(text).media(media(n.path("media"))).metadata(metadata).build();
            case "ASSISTANT":
                List<AssistantMessage.ToolCall> calls = new ArrayList<>();
                for (JsonNode c : n.path("toolCalls")) {
                    calls.add(new AssistantMessage.ToolCall(str(c, "id"), str(c, "type"), str(c, "name"),
                            str(c, "arguments")));
                }
                return AssistantMessage.builder().content(text).properties(metadata).toolCalls(calls)
                        .media(media(n.path("media"))).build();
            case "SYSTEM":
                return SystemMessage.builder().text(text).metadata(metadata).build();
            case "TOOL":
                List<ToolResponseMessage.ToolResponse> responses = new ArrayList<>();
                for (JsonNode r : n.path("responses")) {
                    responses.add(new ToolResponseMessage.ToolResponse(str(r, "id"), str(r, "name"),
                            str(r, "responseData")));
                }
                return ToolResponseMessage.builder().responses(responses).metadata(metadata).build();
            default:
                throw new IllegalArgumentException("not a stored Spring AI message: unknown type '" + type + "'");
        }
    }

    private static JsonNode metadata(Map<String, Object> metadata) {
        ObjectNode out = MAPPER.createObjectNode();
        for (Map.Entry<String, Object> e : metadata.entrySet()) {
            checkJsonValue(e.getKey(), e.getValue());
        }
        return out.setAll((ObjectNode) MAPPER.valueToTree(metadata));
    }

    private static void checkJsonValue(String key, Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Number) {
            return;
        }
        if (v instanceof List<?> list) {
            list.forEach(item -> checkJsonValue(key, item));
            return;
        }
        if (v instanceof Map<?, ?> map) {
            map.forEach((k, item) -> {
                if (!(k instanceof String)) {
                    throw refused(key, k);
                }
                checkJsonValue(key, item);
            });
            return;
        }
        throw refused(key, v);
    }

    private static IllegalArgumentException refused(String key, Object v) {
        return new IllegalArgumentException("message metadata '" + key + "' holds a " + v.getClass().getName()
                + ", which has no faithful JSON form; store strings, numbers, booleans, lists or maps of those");
    }

    private static ArrayNode media(List<Media> media) {
        ArrayNode out = MAPPER.createArrayNode();
        for (Media m : media) {
            ObjectNode o = out.addObject().put("mimeType", m.getMimeType().toString()).put("id", m.getId())
                    .put("name", m.getName());
            if (m.getData() instanceof String url) {
                o.put("url", url);
            } else if (m.getData() instanceof byte[] bytes) {
                o.put("bytes", Base64.getEncoder().encodeToString(bytes));
            } else {
                throw new IllegalArgumentException("media '" + m.getName() + "' holds a "
                        + (m.getData() == null ? "null" : m.getData().getClass().getName())
                        + "; only a URL string or bytes can be stored");
            }
        }
        return out;
    }

    private static List<Media> media(JsonNode media) {
        List<Media> out = new ArrayList<>();
        for (JsonNode m : media) {
            Media.Builder b = Media.builder().mimeType(MimeTypeUtils.parseMimeType(m.path("mimeType").asText()))
                    .id(str(m, "id")).name(str(m, "name"));
            b.data(m.has("bytes") ? (Object) Base64.getDecoder().decode(m.get("bytes").asText())
                    : m.get("url").asText());
            out.add(b.build());
        }
        return out;
    }

    private static String str(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }
}
