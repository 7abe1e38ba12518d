package io.vikingfs.bench.store;

import io.vikingfs.VikingFs;
import io.vikingfs.local.disk.CountingDisk;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Our local-disk store as a benchmark opens it: the store, the counting disk under it, and its root on disk.
 *
 * @param fs   the store under test
 * @param disk counts the flushes and writes {@code fs} asks for; {@code null} if the store could not be opened
 *             over a counting disk
 * @param root the directory the store lives in
 */
public record LocalStore(VikingFs fs, CountingDisk disk, Path root) implements Closeable {
    /** "0.06 file + 0.00 dir flushes, 1.00 writes per op" since {@code before}, or "" if not counted. */
    public String flushesSince(CountingDisk.Counts before, long ops) {
        return disk == null ? "" : "ours: " + disk.counts().minus(before).perOp(ops);
    }

    /** As {@link #flushesSince(CountingDisk.Counts, long)}, plus how long the flushes took over {@code wallNanos}. */
    public String flushesSince(CountingDisk.Counts before, long ops, long wallNanos) {
        if (disk == null) {
            return "";
        }
        CountingDisk.Counts delta = disk.counts().minus(before);
        String timing = delta.flushTiming(wallNanos);
        return "ours: " + delta.perOp(ops) + (timing.isEmpty() ? "" : "; " + timing);
    }

    /** The counters now ({@code null} if not counted), to pass to {@link #flushesSince} later. */
    public CountingDisk.Counts counts() {
        return disk == null ? null : disk.counts();
    }

    @Override
    public void close() throws IOException {
        fs.close();
    }
}
