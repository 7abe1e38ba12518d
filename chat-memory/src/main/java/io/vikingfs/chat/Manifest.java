package io.vikingfs.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vikingfs.CorruptRecordException;
import io.vikingfs.VPath;

import java.nio.charset.StandardCharsets;

/**
 * A conversation's commit point, {@code conversation.json}: which log generation holds it, the batch that ends it
 * and how many messages it has. Replaced only by a whole-file {@code atomicWrite} (with {@code ifMatch}), so
 * after any crash it names the old state or the new one. Each commit names a fresh batch id, so two different
 * states never have the same bytes (an {@code ifMatch} on a content-derived version cannot be fooled by an ABA).
 *
 * @param id    the conversation id itself (folder names of long ids are hashes)
 * @param gen   the log generation: the conversation's messages are in {@code log-<gen>.jsonl}
 * @param head  the id of the last committed batch; the chain of parents from it is the conversation
 * @param count the number of messages, checked against the chain on every read
 */
record Manifest(String id, String gen, String head, int count) {
    static final String FILE = "conversation.json";
    private static final int FORMAT = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    byte[] toBytes() {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("format", FORMAT).put("id", id).put("gen", gen).put("head", head).put("count", count);
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }

    static Manifest parse(VPath path, byte[] bytes) throws CorruptRecordException {
        JsonNode n;
        try {
            n = MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new CorruptRecordException(path, "conversation manifest", "not JSON: " + e.getOriginalMessage(), e);
        } catch (java.io.IOException e) {
            throw new CorruptRecordException(path, "conversation manifest", e.getMessage(), e);
        }
        if (n == null || !n.isObject() || n.path("format").asInt() != FORMAT || !n.path("id").isTextual()
                || !n.path("gen").isTextual() || !n.path("head").isTextual() || !n.path("count").canConvertToInt()
                || n.path("count").asInt() < 0) {
            throw new CorruptRecordException(path, "conversation manifest", "expected {\"format\":" + FORMAT
                    + ",\"id\",\"gen\",\"head\",\"count\"} (a newer format needs a newer vikingfs-chat-memory), got "
                    + new String(bytes, StandardCharsets.UTF_8), null);
        }
        return new Manifest(n.get("id").asText(), n.get("gen").asText(), n.get("head").asText(),
                n.get("count").asInt());
    }
}
