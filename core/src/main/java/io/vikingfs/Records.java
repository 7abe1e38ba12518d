package io.vikingfs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Conveniences over {@link VikingFs} for JSON records and documents, written once on top of its primitives
 * (Jackson's compact output never contains a raw newline, so any value serialises to one valid record).
 */
public final class Records {
    private static final ObjectMapper DEFAULT_MAPPER = new ObjectMapper()
            .disable(SerializationFeature.INDENT_OUTPUT);

    private Records() {
    }

    /** The mapper used when none is given: compact output, Jackson's defaults otherwise. */
    public static ObjectMapper defaultMapper() {
        return DEFAULT_MAPPER;
    }

    /** Serialises {@code value} as one compact JSON line. */
    public static String toRecord(ObjectMapper mapper, Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise " + value.getClass().getName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** Appends each value as one JSON record, all or nothing. */
    public static void appendJson(VikingFs fs, VPath log, List<?> values, boolean durable) throws IOException {
        List<String> lines = new ArrayList<>(values.size());
        for (Object v : values) {
            lines.add(toRecord(DEFAULT_MAPPER, v));
        }
        fs.appendAll(log, lines, durable);
    }

    /** Appends one value as a JSON record. */
    public static void appendJson(VikingFs fs, VPath log, Object value, boolean durable) throws IOException {
        appendJson(fs, log, List.of(value), durable);
    }

    /**
     * Reads a log's complete records as JSON values of {@code type}. Damage is not an error here (see
     * {@link VikingFs#readRecords} for the report), but a complete line that is not valid JSON for {@code type}
     * is: {@link CorruptRecordException} with its index.
     */
    public static <T> List<T> readJson(VikingFs fs, VPath log, Class<T> type) throws IOException {
        RecordLog recordLog = fs.readRecords(log);
        List<T> out = new ArrayList<>(recordLog.records().size());
        int index = 0;
        for (String line : recordLog.records()) {
            try {
                out.add(DEFAULT_MAPPER.readValue(line, type));
            } catch (JsonProcessingException e) {
                throw new CorruptRecordException(log, "record #" + index, "not a "
                        + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
            }
            index++;
        }
        return out;
    }

    /** Reads a log's records as JSON trees. */
    public static List<JsonNode> readJsonNodes(VikingFs fs, VPath log) throws IOException {
        return readJson(fs, log, JsonNode.class);
    }

    /** Atomically writes {@code value} as a JSON document (see {@link VikingFs#atomicWrite}). */
    public static Version writeJson(VikingFs fs, VPath path, Object value, WriteOptions options) throws IOException {
        try {
            return fs.atomicWrite(path, DEFAULT_MAPPER.writeValueAsBytes(value), options);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise " + value.getClass().getName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** Reads a whole JSON document. */
    public static <T> T readDocument(VikingFs fs, VPath path, Class<T> type) throws IOException {
        byte[] bytes = fs.read(path);
        try {
            return DEFAULT_MAPPER.readValue(bytes, type);
        } catch (JsonProcessingException e) {
            throw new CorruptRecordException(path, "document", "not a " + type.getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }
}
