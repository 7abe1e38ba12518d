package io.vikingfs.cli.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.vikingfs.RecordLog;
import io.vikingfs.Records;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A session transcript: one JSONL log appended concurrently by several writer threads (one record per durable
 * append, as an agent runtime writes each turn) and by a metadata appender that writes two-record batches
 * (a usage record and its cost record) that must land whole and together.
 */
final class TranscriptWorkload {
    static final String META = "meta";

    private final VikingFs fs;
    private final VPath log;
    private final DemoConfig config;
    final AtomicInteger appended = new AtomicInteger();

    TranscriptWorkload(VikingFs fs, VPath base, DemoConfig config) {
        this.fs = fs;
        this.log = base.resolve("sessions/session-0/transcript.jsonl");
        this.config = config;
    }

    VPath log() {
        return log;
    }

    int total() {
        return config.transcriptWriters() * config.recordsPerWriter() + 2 * config.metadataBatches();
    }

    /** Writer {@code w} appends its records one by one, each durable, each naming its writer and sequence. */
    void runWriter(int w) throws IOException {
        String writer = writer(w);
        for (int seq = 0; seq < config.recordsPerWriter(); seq++) {
            fs.append(log, "{\"writer\":\"" + writer + "\",\"seq\":" + seq + ",\"text\":\"turn " + seq + " of "
                    + writer + ": a line of the conversation\"}", true);
            appended.incrementAndGet();
        }
    }

    /** The metadata appender: two-record batches, which no other writer's record may split (no crash here). */
    void runMetadata() throws IOException {
        for (int seq = 0; seq < config.metadataBatches(); seq++) {
            fs.appendAll(log, List.of(
                    "{\"writer\":\"" + META + "\",\"seq\":" + seq + ",\"part\":0,\"usage\":{\"tokens\":" + (100 + seq) + "}}",
                    "{\"writer\":\"" + META + "\",\"seq\":" + seq + ",\"part\":1,\"cost\":" + seq + "}"), true);
            appended.addAndGet(2);
        }
    }

    List<Check> check() throws IOException {
        List<Check> checks = new ArrayList<>();
        RecordLog read = fs.readRecords(log);
        checks.add(Check.of("the transcript has no torn tail or corrupt line", read.isClean(),
                read.isClean() ? read.size() + " bytes" : read.damage().toString()));
        Map<String, Integer> next = new HashMap<>();
        String orderProblem = null;
        String batchProblem = null;
        List<String> records = read.records();
        for (int i = 0; i < records.size(); i++) {
            JsonNode r = parse(records.get(i));
            if (r == null) {
                orderProblem = "record #" + i + " is not JSON (a splice?): " + abbreviate(records.get(i));
                break;
            }
            String writer = r.path("writer").asText();
            int seq = r.path("seq").asInt(-1);
            if (writer.equals(META)) {
                int part = r.path("part").asInt(-1);
                if (part == 0) {
                    JsonNode partner = i + 1 < records.size() ? parse(records.get(i + 1)) : null;
                    if (batchProblem == null && (partner == null || !partner.path("writer").asText().equals(META)
                            || partner.path("seq").asInt(-1) != seq || partner.path("part").asInt(-1) != 1)) {
                        batchProblem = "batch " + seq + " is not followed by its second record at #" + (i + 1);
                    }
                } else if (part != 1 && batchProblem == null) {
                    batchProblem = "record #" + i + " has no valid part";
                }
                if (part != 0) {
                    continue;
                }
            }
            int expected = next.getOrDefault(writer, 0);
            if (seq != expected) {
                orderProblem = "record #" + i + " is " + writer + " seq " + seq + ", expected seq " + expected
                        + (seq < expected ? " (a duplicate or reorder)" : " (a gap)");
                break;
            }
            next.put(writer, expected + 1);
        }
        if (orderProblem == null) {
            for (int w = 0; w < config.transcriptWriters(); w++) {
                int n = next.getOrDefault(writer(w), 0);
                if (n != config.recordsPerWriter()) {
                    orderProblem = writer(w) + " has " + n + " records, expected " + config.recordsPerWriter();
                }
            }
            if (next.getOrDefault(META, 0) != config.metadataBatches()) {
                orderProblem = META + " has " + next.getOrDefault(META, 0) + " batches, expected "
                        + config.metadataBatches();
            }
        }
        checks.add(Check.of("every record is present exactly once, in its writer's order",
                orderProblem == null && records.size() == total(),
                orderProblem != null ? orderProblem : records.size() + " records, expected " + total()));
        checks.add(Check.of("each metadata batch landed whole, its two records adjacent", batchProblem == null,
                batchProblem == null ? config.metadataBatches() + " batches" : batchProblem));
        return checks;
    }

    String describe() {
        return config.transcriptWriters() + " writers × " + config.recordsPerWriter() + " durable appends + a "
                + "metadata appender × " + config.metadataBatches() + " two-record batches to " + log + ": "
                + appended.get() + " records";
    }

    private static String writer(int w) {
        return "writer-" + w;
    }

    private static JsonNode parse(String record) {
        try {
            return Records.defaultMapper().readTree(record);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
