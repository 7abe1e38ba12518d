package io.vikingfs.bench.store;

import io.vikingfs.local.disk.Disk;
import io.vikingfs.local.disk.DiskFile;
import io.vikingfs.local.disk.ForwardingDisk;
import io.vikingfs.local.disk.ForwardingDiskFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what the local store asks of the disk — file flushes, directory flushes, positioned writes — so a
 * figure can be explained by its flush count (group commit working or not) rather than guessed. Counting costs
 * one {@link LongAdder} increment per call, far below the cost of the call itself.
 */
public final class CountingDisk extends ForwardingDisk {
    private final LongAdder fileSyncs = new LongAdder();
    private final LongAdder directorySyncs = new LongAdder();
    private final LongAdder writes = new LongAdder();

    public CountingDisk(Disk delegate) {
        super(delegate);
    }

    @Override
    protected DiskFile wrap(DiskFile file) {
        return new ForwardingDiskFile(file) {
            @Override
            public void write(ByteBuffer src, long position) throws IOException {
                writes.increment();
                super.write(src, position);
            }

            @Override
            public void sync() throws IOException {
                fileSyncs.increment();
                super.sync();
            }
        };
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
        directorySyncs.increment();
        super.syncDirectory(dir);
    }

    /** A snapshot of the counters, to subtract from a later one. */
    public Counts counts() {
        return new Counts(fileSyncs.sum(), directorySyncs.sum(), writes.sum());
    }

    /** Counter values at one instant. */
    public record Counts(long fileSyncs, long directorySyncs, long writes) {
        public Counts minus(Counts earlier) {
            return new Counts(fileSyncs - earlier.fileSyncs, directorySyncs - earlier.directorySyncs,
                    writes - earlier.writes);
        }

        /** "0.12 file + 0.06 dir flushes, 1.00 writes per op" for {@code ops} operations. */
        public String perOp(long ops) {
            if (ops == 0) {
                return "no operations";
            }
            return String.format(java.util.Locale.ROOT, "%.3f file + %.3f dir flushes, %.2f writes per op",
                    fileSyncs / (double) ops, directorySyncs / (double) ops, writes / (double) ops);
        }
    }
}
