package io.vikingfs.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.vikingfs.InvalidRecordException;
import io.vikingfs.Records;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.spi.Jsonl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code vikingfs append path [record…|-]}: appends records to a JSONL log as one batch. Every record is checked
 * first — a valid line and, unless {@code --raw}, one JSON value — so bad input appends nothing.
 */
@Command(name = "append", description = {"Append records to a JSONL log as one batch.",
        "With no record or '-', reads stdin: one record per line. Each record must be one JSON value on one line "
                + "(unless --raw) of UTF-8 text without control characters; if any is not, nothing is appended "
                + "and the exit code is 2."})
final class AppendCommand extends StoreCommand {
    /** One JSON value and nothing after it, as every JSONL reader parses a line; Jackson's strict defaults. */
    private static final ObjectReader ONE_JSON_VALUE = Records.defaultMapper().readerFor(JsonNode.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @Parameters(index = "0", paramLabel = "PATH", description = "The log (created with its parents if missing).")
    VPath path;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "RECORD", description = "Records, or '-' for stdin.")
    List<String> records = new ArrayList<>();

    @Option(names = "--raw", description = "Append lines as they are, without checking that each is JSON (each is "
            + "still one line of UTF-8 text without control characters).")
    boolean raw;

    @Option(names = "--no-durable", description = "Return once visible, without waiting for the flush, where the "
            + "store offers it (see Guarantees).")
    boolean noDurable;

    @Override
    int run(VikingFs fs) throws IOException {
        VPath log = path;
        boolean fromStdin = records.isEmpty() || records.equals(List.of("-"));
        List<String> batch = fromStdin ? readStdin(log) : records;
        // The whole input is checked before the first byte is appended: a bad line leaves the log untouched.
        for (int i = 0; i < batch.size(); i++) {
            check(log, batch.get(i), fromStdin ? "line " + (i + 1) + " of stdin" : "record " + (i + 1));
        }
        fs.appendAll(log, batch, !noDurable);
        main.out().println("appended " + batch.size() + (batch.size() == 1 ? " record to " : " records to ") + log);
        return ExitCodes.OK;
    }

    /** Refuses a record that is not a valid line, or (unless --raw) not one JSON value, naming where it is. */
    private void check(VPath log, String record, String where) {
        String problem = Jsonl.problem(record);
        if (problem != null) {
            throw new IllegalArgumentException(log + ": " + where + " is not a valid record: " + problem
                    + "; nothing was appended — a record is one line of UTF-8 text");
        }
        if (raw) {
            return;
        }
        try {
            ONE_JSON_VALUE.readValue(record);
        } catch (JsonProcessingException e) {
            String why = e.getOriginalMessage().startsWith("Trailing token") ? "a second value follows the first"
                    : e.getOriginalMessage();
            String at = e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr();
            throw new IllegalArgumentException(log + ": " + where + " is not one JSON value (" + why + at
                    + "); nothing was appended — fix the line, or pass --raw to append lines that are not JSON");
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a String: cannot happen
        }
    }

    /**
     * One record per line ({@code \n}, {@code \r\n} or {@code \r} end a line); bytes that are not UTF-8 are
     * refused rather than replaced by U+FFFD.
     */
    private List<String> readStdin(VPath log) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(main.stdin(), decoder))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
        } catch (CharacterCodingException e) {
            throw new InvalidRecordException(log, lines.size(), "stdin is not valid UTF-8 at line " + (lines.size() + 1));
        }
        if (lines.isEmpty()) {
            throw new InvalidRecordException(log, 0, "stdin held no records");
        }
        return lines;
    }
}
