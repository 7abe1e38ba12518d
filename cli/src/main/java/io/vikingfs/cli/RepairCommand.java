package io.vikingfs.cli;

import io.vikingfs.RecordLog;
import io.vikingfs.RecoveryReport;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;

/**
 * {@code vikingfs repair [path]}: removes the torn tails of damaged logs below a path and reclaims the leftovers of
 * interrupted operations. Complete records are never removed; corrupt lines in the middle of a log are reported
 * and kept (the records around them stay readable).
 */
@Command(name = "repair", description = {"Remove torn tails of *.jsonl logs below PATH and reclaim leftovers.",
        "Only the bytes after a log's last newline are removed, under the log's lock: never a complete record.",
        "Corrupt lines inside a log are reported and kept (exit 5): repair them by hand if needed."})
final class RepairCommand extends StoreCommand {
    @Parameters(arity = "0..1", paramLabel = "PATH", defaultValue = "",
            description = "A directory or one log (default: the root).")
    VPath path;

    @Override
    int run(VikingFs fs) throws IOException {
        VPath root = path;
        PrintStream out = main.out();
        LogScan.Result scan;
        try (Progress progress = Progress.start(main.err(), "repair")) {
            scan = LogScan.scan(fs, root, progress);
        }
        int repaired = 0;
        int keptCorrupt = 0;
        for (LogScan.DamagedLog d : scan.damaged()) {
            if (d.log().tornTail().isPresent()) {
                long removed = fs.repairLog(d.path(), true);
                out.println(d.path() + ": removed a torn tail of " + removed + " bytes");
                repaired++;
            }
            long corrupt = d.log().damage().stream()
                    .filter(x -> x.kind() == RecordLog.Damage.Kind.CORRUPT_LINE).count();
            if (corrupt > 0) {
                out.println(d.path() + ": kept " + corrupt + " corrupt line(s) (see 'vikingfs verify "
                        + d.path() + "'); the records around them are readable");
                keptCorrupt++;
            }
        }
        RecoveryReport reclaimed = fs.recover(true);
        VerifyCommand.printLeftovers(out, reclaimed, "reclaimed");
        out.println("repaired " + repaired + " logs, reclaimed " + reclaimed.total() + " leftovers"
                + (keptCorrupt > 0 ? "; " + keptCorrupt + " logs still hold corrupt lines" : ""));
        return keptCorrupt > 0 ? ExitCodes.CHECK_FAILED : ExitCodes.OK;
    }
}
