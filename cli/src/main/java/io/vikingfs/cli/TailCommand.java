package io.vikingfs.cli;

import io.vikingfs.RecordLog;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/** {@code vikingfs tail [-n N] [-f] path}: the last complete records of a JSONL log. */
@Command(name = "tail", description = {"Print the last complete records of a JSONL log.",
        "Damage (a torn tail, corrupt lines) is reported on stderr and never hides the records around it.",
        "With -f, keeps printing new records as they are appended, until interrupted (Ctrl-C)."})
final class TailCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "PATH", description = "The log.")
    VPath path;

    @Option(names = {"-n", "--lines"}, paramLabel = "N", defaultValue = "10",
            description = "How many records to print (default: ${DEFAULT-VALUE}); 0 prints none.")
    int count;

    @Option(names = {"-f", "--follow"}, description = "Keep printing records appended later.")
    boolean follow;

    @Option(names = "--poll-ms", paramLabel = "MS", defaultValue = "200", hidden = true,
            description = "How often -f re-reads the log.")
    long pollMillis;

    @Override
    int run(VikingFs fs) throws IOException {
        if (count < 0) {
            throw new IllegalArgumentException("-n must be 0 or more, not " + count);
        }
        VPath log = path;
        PrintStream out = main.out();
        RecordLog first = fs.readRecords(log);
        reportDamage(log, first);
        List<String> records = first.records();
        for (String r : records.subList(Math.max(0, records.size() - count), records.size())) {
            out.println(r);
        }
        out.flush();
        int seen = records.size();
        int damageSeen = first.damage().size();
        while (follow) {
            try {
                Thread.sleep(pollMillis);
            } catch (InterruptedException e) {
                // Interrupted is how following ends (Ctrl-C, or the caller stopping us): a normal exit.
                Thread.currentThread().interrupt();
                return ExitCodes.OK;
            }
            // A log only grows by whole records (a repair removes only a torn tail, never a record), so the
            // records past the count already printed are exactly the new ones.
            RecordLog now = fs.readRecords(log);
            List<String> all = now.records();
            for (String r : all.subList(Math.min(seen, all.size()), all.size())) {
                out.println(r);
            }
            out.flush();
            seen = Math.max(seen, all.size());
            if (now.damage().size() != damageSeen) {
                reportDamage(log, now);
                damageSeen = now.damage().size();
            }
        }
        return ExitCodes.OK;
    }

    private void reportDamage(VPath log, RecordLog records) {
        for (RecordLog.Damage d : records.damage()) {
            main.err().println("vikingfs tail: " + log + ": " + d.kind().name().toLowerCase().replace('_', ' ')
                    + " at byte " + d.offset() + " (" + d.length() + " bytes: " + d.reason()
                    + ") — complete records are shown; run 'vikingfs repair " + log + "' to remove a torn tail");
        }
    }
}
