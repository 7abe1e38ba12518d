package io.vikingfs.object.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of an {@link AuditVerdict}, written field by field (not by reflection) so the cache format is
 * explicit and stays readable when the classes change; {@link AuditVerdict#FORMAT} guards it.
 */
final class VerdictJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private VerdictJson() {
    }

    static String write(AuditVerdict v) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", AuditVerdict.FORMAT);
        root.put("endpoint", v.endpoint());
        root.put("auditedAt", v.auditedAt().toString());
        root.put("durationMillis", v.durationMillis());
        root.put("measured", v.measured());
        ArrayNode verdicts = root.putArray("verdicts");
        for (GuaranteeVerdict g : v.verdicts()) {
            ObjectNode n = verdicts.addObject();
            n.put("guarantee", g.guarantee().name());
            n.put("label", g.guarantee().label());
            n.put("level", g.level().name());
            n.put("mode", g.mode());
            n.put("defect", g.defect());
            ArrayNode ev = n.putArray("evidence");
            g.evidence().forEach(p -> ev.add(p.name()));
        }
        ArrayNode ms = root.putArray("measurements");
        for (Measurement m : v.measurements()) {
            ObjectNode n = ms.addObject();
            n.put("primitive", m.primitive().name());
            n.put("outcome", m.outcome().name());
            n.put("detail", m.detail());
            ObjectNode counts = n.putObject("counts");
            m.counts().forEach(counts::put);
        }
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree built here failed to serialise", e);
        }
    }

    static AuditVerdict read(String json) throws IOException {
        JsonNode root = MAPPER.readTree(json);
        if (root == null || !root.isObject()) {
            throw new IOException("not an audit verdict: expected a JSON object");
        }
        int format = root.path("format").asInt(-1);
        if (format != AuditVerdict.FORMAT) {
            throw new IOException("audit verdict of format " + format + ", this library reads format "
                    + AuditVerdict.FORMAT + "; run the audit again");
        }
        try {
            List<GuaranteeVerdict> verdicts = new ArrayList<>();
            for (JsonNode n : array(root, "verdicts")) {
                List<Primitive> evidence = new ArrayList<>();
                for (JsonNode p : array(n, "evidence")) {
                    evidence.add(Primitive.valueOf(p.asText()));
                }
                verdicts.add(new GuaranteeVerdict(Guarantee.valueOf(text(n, "guarantee")), Level.valueOf(text(n, "level")),
                        n.path("mode").asText(""), n.path("defect").asText(""), evidence));
            }
            List<Measurement> measurements = new ArrayList<>();
            for (JsonNode n : array(root, "measurements")) {
                Map<String, Long> counts = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> e : n.path("counts").properties()) {
                    counts.put(e.getKey(), e.getValue().asLong());
                }
                measurements.add(new Measurement(Primitive.valueOf(text(n, "primitive")),
                        Outcome.valueOf(text(n, "outcome")), n.path("detail").asText(""), counts));
            }
            return new AuditVerdict(text(root, "endpoint"), Instant.parse(text(root, "auditedAt")),
                    root.path("durationMillis").asLong(), root.path("measured").asBoolean(true), measurements, verdicts);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new IOException("malformed audit verdict: " + e.getMessage() + "; run the audit again", e);
        }
    }

    private static String text(JsonNode n, String field) throws IOException {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IOException("malformed audit verdict: field '" + field + "' missing or not text");
        }
        return v.asText();
    }

    private static JsonNode array(JsonNode n, String field) throws IOException {
        JsonNode v = n.get(field);
        if (v == null || !v.isArray()) {
            throw new IOException("malformed audit verdict: field '" + field + "' missing or not an array");
        }
        return v;
    }
}
