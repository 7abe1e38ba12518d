package io.vikingfs.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vikingfs.CorruptRecordException;
import io.vikingfs.RecordLog;
import io.vikingfs.VPath;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The records of one log generation, {@code log-<gen>.jsonl}: one JSON line per message,
 * {@code {"b":batch,"p":parent,"m":message}}. Every update appends one batch whose parent is the batch that ended
 * the state it extends (a generation's first batch has parent {@code ""}). The conversation is the chain of
 * batches from the manifest's head back to the root; every other record — a batch whose commit lost a race, or
 * was cut by a crash before its manifest was written — is ignored, so such records never reach a reader.
 */
final class ConversationLog {
    private static final Logger LOG = LoggerFactory.getLogger(ConversationLog.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ConversationLog() {
    }

    static String fileName(String gen) {
        return "log-" + gen + ".jsonl";
    }

    /** A message's JSON as a tree: checks that the codec produced exactly one JSON value. */
    static JsonNode parseMessage(String conversationId, String json) {
        try {
            JsonNode n = json == null ? null : MAPPER.readTree(json);
            if (n == null || n.isMissingNode()) {
                throw new IllegalArgumentException("the message codec produced no JSON");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("conversation '" + conversationId + "': the message codec produced "
                    + "invalid JSON (" + e.getOriginalMessage() + "); nothing was written", e);
        }
    }

    static String record(String batch, String parent, JsonNode message) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("b", batch).put("p", parent).set("m", message);
        return n.toString();
    }

    /**
     * The committed messages' JSON, in order: the chain from {@code manifest.head()}.
     *
     * @throws CorruptRecordException if the chain is broken or its length is not the manifest's count — records a
     *         committed update had made durable are missing, which the store's guarantees exclude
     */
    static List<String> committed(VPath log, RecordLog records, Manifest manifest) throws CorruptRecordException {
        Map<String, Batch> batches = new HashMap<>();
        int index = 0;
        for (String line : records.records()) {
            JsonNode n;
            try {
                n = MAPPER.readTree(line);
            } catch (JsonProcessingException e) {
                n = null;
            }
            if (n == null || !n.path("b").isTextual() || !n.path("p").isTextual() || !n.has("m")) {
                // Not one of ours: skipped here; if it was a committed message, the count check below reports it.
                LOG.warn("{}: record #{} is not a conversation record; skipped", log, index);
            } else {
                String p = n.get("p").asText();
                Batch b = batches.computeIfAbsent(n.get("b").asText(), k -> new Batch(p));
                b.messages.add(n.get("m").toString());
            }
            index++;
        }
        Deque<Batch> chain = new ArrayDeque<>();
        int total = 0;
        String at = manifest.head();
        while (!at.isEmpty() && chain.size() <= batches.size()) {
            Batch b = batches.get(at);
            if (b == null) {
                throw brokenChain(log, manifest, "batch " + at + " is missing");
            }
            chain.addFirst(b);
            total += b.messages.size();
            at = b.parent;
        }
        if (!at.isEmpty() || total != manifest.count()) {
            throw brokenChain(log, manifest, "the chain from its head holds " + total + " messages");
        }
        List<String> out = new ArrayList<>(total);
        for (Batch b : chain) {
            out.addAll(b.messages);
        }
        return out;
    }

    private static CorruptRecordException brokenChain(VPath log, Manifest m, String what) {
        return new CorruptRecordException(log, "conversation '" + m.id() + "'", "its manifest names head batch "
                + m.head() + " with " + m.count() + " messages, but " + what
                + " (committed records were lost or edited outside VikingFS)", null);
    }

    private static final class Batch {
        final String parent;
        final List<String> messages = new ArrayList<>();

        Batch(String parent) {
            this.parent = parent;
        }
    }
}
