package io.vikingfs.cli;

import io.vikingfs.InvalidRecordException;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** {@code vikingfs append path [record…|-]}: appends records to a JSONL log as one all-or-nothing batch. */
@Command(name = "append", description = {"Append records to a JSONL log, all or nothing, as one batch.",
        "With no record or '-', reads stdin: one record per line. A record is one line of UTF-8 text without "
                + "control characters; an invalid one is refused (exit 2) and nothing is appended."})
final class AppendCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "PATH", description = "The log (created with its parents if missing).")
    VPath path;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "RECORD", description = "Records, or '-' for stdin.")
    List<String> records = new ArrayList<>();

    @Option(names = "--no-durable", description = "Return once visible, without waiting for the disk to flush "
            + "(a power loss may lose a suffix of the log, never tear a record).")
    boolean noDurable;

    @Override
    int run(VikingFs fs) throws IOException {
        VPath log = path;
        List<String> batch = records.isEmpty() || records.equals(List.of("-")) ? readStdin(log) : records;
        fs.appendAll(log, batch, !noDurable);
        main.out().println("appended " + batch.size() + (batch.size() == 1 ? " record to " : " records to ") + log);
        return ExitCodes.OK;
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
