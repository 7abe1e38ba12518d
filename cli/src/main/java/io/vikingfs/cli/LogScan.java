package io.vikingfs.cli;

import io.vikingfs.DirEntry;
import io.vikingfs.RecordLog;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Walks a file or a tree and reads every JSONL log in it ({@code *.jsonl}) through
 * {@link VikingFs#readRecords}, collecting the damaged ones. Shared by {@code verify} and {@code repair} so both
 * agree on what "damaged" means. Shows progress on stderr while it runs.
 */
final class LogScan {
    static final String LOG_SUFFIX = ".jsonl";

    /** A log with damage, and what {@code readRecords} reported. */
    record DamagedLog(VPath path, RecordLog log) {
    }

    /** What the scan saw. */
    record Result(long files, long logs, long records, List<DamagedLog> damaged) {
    }

    private LogScan() {
    }

    static Result scan(VikingFs fs, VPath root, Progress progress) throws IOException {
        AtomicLong files = new AtomicLong();
        AtomicLong logs = new AtomicLong();
        AtomicLong records = new AtomicLong();
        progress.describe(() -> files.get() + " files, " + logs.get() + " logs, " + records.get() + " records checked");
        List<DamagedLog> damaged = new ArrayList<>();
        if (!root.isRoot() && !fs.stat(root).isDirectory()) {
            check(fs, root, files, logs, records, damaged);
        } else {
            try (Stream<DirEntry> walk = fs.walk(root)) {
                for (DirEntry e : (Iterable<DirEntry>) walk::iterator) {
                    if (!e.isDirectory()) {
                        check(fs, e.path(), files, logs, records, damaged);
                    }
                }
            }
        }
        return new Result(files.get(), logs.get(), records.get(), damaged);
    }

    private static void check(VikingFs fs, VPath p, AtomicLong files, AtomicLong logs, AtomicLong records,
                              List<DamagedLog> damaged) throws IOException {
        files.incrementAndGet();
        if (!p.name().endsWith(LOG_SUFFIX)) {
            return;
        }
        RecordLog log = fs.readRecords(p);
        logs.incrementAndGet();
        records.addAndGet(log.records().size());
        if (!log.isClean()) {
            damaged.add(new DamagedLog(p, log));
        }
    }

    /** One line per damaged region, e.g. {@code a.jsonl: torn tail at byte 120 (7 bytes: …)}. */
    static List<String> describe(DamagedLog d) {
        List<String> lines = new ArrayList<>();
        for (RecordLog.Damage damage : d.log().damage()) {
            lines.add(d.path() + ": " + damage.kind().name().toLowerCase().replace('_', ' ') + " at byte "
                    + damage.offset() + " (" + damage.length() + " bytes: " + damage.reason() + ")");
        }
        return lines;
    }
}
