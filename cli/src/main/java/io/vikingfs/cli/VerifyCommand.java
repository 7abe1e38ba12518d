package io.vikingfs.cli;

import io.vikingfs.RecoveryReport;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;

/**
 * {@code vikingfs verify [path]}: reads every JSONL log below a path and reports torn tails and corrupt lines, and
 * reports what interrupted operations left in the store. Changes nothing.
 */
@Command(name = "verify", description = {"Check a store without changing it; exit 5 if anything is found.",
        "Reads every *.jsonl log below PATH and reports torn tails and corrupt lines, then reports the leftovers "
                + "of interrupted operations in the whole store (temp files, abandoned generations, stale locks).",
        "Note: opening a store already reclaims leftovers of earlier processes, so these are usually the "
                + "traces of operations that crashed in a process still using the store."})
final class VerifyCommand extends StoreCommand {
    @Parameters(arity = "0..1", paramLabel = "PATH", defaultValue = "",
            description = "A directory or one log (default: the root).")
    VPath path;

    @Override
    int run(VikingFs fs) throws IOException {
        VPath root = path;
        PrintStream out = main.out();
        LogScan.Result scan;
        try (Progress progress = Progress.start(main.err(), "verify")) {
            scan = LogScan.scan(fs, root, progress);
        }
        for (LogScan.DamagedLog d : scan.damaged()) {
            LogScan.describe(d).forEach(out::println);
        }
        RecoveryReport leftovers = fs.recover(false);
        printLeftovers(out, leftovers, "leftover");
        out.println("verified " + (root.isRoot() ? "the store" : root) + ": " + scan.files() + " files, "
                + scan.logs() + " logs, " + scan.records() + " records; " + scan.damaged().size()
                + " damaged logs; " + leftovers.total() + " leftovers in the store");
        if (scan.damaged().isEmpty() && leftovers.total() == 0) {
            out.println("OK");
            return ExitCodes.OK;
        }
        out.println("PROBLEMS FOUND — run 'vikingfs repair" + (root.isRoot() ? "" : " " + root)
                + "' to remove torn tails and reclaim leftovers");
        return ExitCodes.CHECK_FAILED;
    }

    static void printLeftovers(PrintStream out, RecoveryReport report, String word) {
        report.tempFiles().forEach(t -> out.println(word + " temp file: " + t));
        report.abandonedGenerations().forEach(g -> out.println(word + " generation: " + g));
        report.abandonedStaging().forEach(s -> out.println(word + " staging: " + s));
        report.other().forEach(o -> out.println(word + ": " + o));
    }
}
