package io.vikingfs.local.disk;


import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what the local store asks of the disk — file flushes, directory flushes, writes, stats, locks, opens and
 * every other call — so a figure can be explained by counts (group commit working or not, system calls per
 * operation) rather than guessed. Counting costs one {@link LongAdder} increment per call, far below the cost of
 * the call itself. Used by the conformance fixtures (flush counts of group commit), the protocol tests and the
 * benchmarks.
 *
 * <p>Optionally each flush first takes a simulated device latency: on a device that flushes instantly (Jimfs,
 * tmpfs) concurrent durable callers never overlap a flush, so a group-commit test would measure the scheduler
 * rather than the protocol.
 */
public final class CountingDisk extends ForwardingDisk {
    private final LongAdder fileSyncs = new LongAdder();
    private final LongAdder directorySyncs = new LongAdder();
    private final LongAdder writes = new LongAdder();
    private final LongAdder stats = new LongAdder();
    private final LongAdder locks = new LongAdder();
    private final LongAdder opens = new LongAdder();
    private final LongAdder calls = new LongAdder();
    private final LongAdder flushNanos = new LongAdder();

    private final long flushLatencyNanos;

    public CountingDisk(Disk delegate) {
        this(delegate, Duration.ZERO);
    }

    /** A counting disk whose every file or directory flush first takes {@code flushLatency}. */
    public CountingDisk(Disk delegate, Duration flushLatency) {
        super(delegate);
        this.flushLatencyNanos = flushLatency.toNanos();
    }

    /** File plus directory flushes so far. */
    public long flushes() {
        return fileSyncs.sum() + directorySyncs.sum();
    }

    private void deviceLatency() throws IOException {
        if (flushLatencyNanos > 0) {
            try {
                Thread.sleep(flushLatencyNanos / 1_000_000, (int) (flushLatencyNanos % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted during a simulated device flush");
            }
        }
    }

    @Override
    protected DiskFile wrap(DiskFile file) {
        opens.increment();
        calls.increment();
        return new ForwardingDiskFile(file) {
            @Override
            public long size() throws IOException {
                calls.increment();
                return super.size();
            }

            @Override
            public int read(ByteBuffer dst, long position) throws IOException {
                calls.increment();
                return super.read(dst, position);
            }

            @Override
            public void write(ByteBuffer src, long position) throws IOException {
                writes.increment();
                calls.increment();
                super.write(src, position);
            }

            @Override
            public void truncate(long size) throws IOException {
                calls.increment();
                super.truncate(size);
            }

            @Override
            public void sync() throws IOException {
                fileSyncs.increment();
                calls.increment();
                long start = System.nanoTime();
                try {
                    deviceLatency();
                    super.sync();
                } finally {
                    flushNanos.add(System.nanoTime() - start);
                }
            }

            @Override
            public DiskLock lock() throws IOException {
                locks.increment();
                calls.increment();
                return super.lock();
            }

            @Override
            public void close() throws IOException {
                calls.increment();
                super.close();
            }
        };
    }

    @Override
    public DiskStat stat(Path path) throws IOException {
        stats.increment();
        calls.increment();
        return super.stat(path);
    }

    @Override
    public List<String> list(Path dir) throws IOException {
        calls.increment();
        return super.list(dir);
    }

    @Override
    public DirectoryStream<String> names(Path dir) throws IOException {
        calls.increment();
        return super.names(dir);
    }

    @Override
    public void createDirectory(Path dir) throws IOException {
        calls.increment();
        super.createDirectory(dir);
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
        directorySyncs.increment();
        calls.increment();
        long start = System.nanoTime();
        try {
            deviceLatency();
            super.syncDirectory(dir);
        } finally {
            flushNanos.add(System.nanoTime() - start);
        }
    }

    @Override
    public void rename(Path src, Path dst) throws IOException {
        calls.increment();
        super.rename(src, dst);
    }

    @Override
    public void link(Path existing, Path link) throws IOException {
        calls.increment();
        super.link(existing, link);
    }

    @Override
    public void delete(Path path) throws IOException {
        calls.increment();
        super.delete(path);
    }

    @Override
    public void createSymlink(Path link, String target) throws IOException {
        calls.increment();
        super.createSymlink(link, target);
    }

    @Override
    public String readSymlink(Path link) throws IOException {
        calls.increment();
        return super.readSymlink(link);
    }

    /** A snapshot of the counters, to subtract from a later one. */
    public Counts counts() {
        return new Counts(fileSyncs.sum(), directorySyncs.sum(), writes.sum(), stats.sum(), locks.sum(), opens.sum(),
                calls.sum(), flushNanos.sum());
    }

    /** Counter values at one instant. */
    public record Counts(long fileSyncs, long directorySyncs, long writes, long stats, long locks, long opens,
                         long calls, long flushNanos) {
        public Counts minus(Counts e) {
            return new Counts(fileSyncs - e.fileSyncs, directorySyncs - e.directorySyncs, writes - e.writes,
                    stats - e.stats, locks - e.locks, opens - e.opens, calls - e.calls, flushNanos - e.flushNanos);
        }

        /**
         * "flushes took 0.31 ms each, the device was flushing 85% of the time": whether throughput is bound by
         * the device (near 100%) or by something between flushes (waiting, CPU, locks).
         */
        public String flushTiming(long wallNanos) {
            long flushes = fileSyncs + directorySyncs;
            if (flushes == 0 || wallNanos <= 0) {
                return "";
            }
            return String.format(Locale.ROOT, "flushes took %.2f ms each; a flush was running %.0f%% of the time",
                    flushNanos / 1e6 / flushes, 100.0 * flushNanos / wallNanos);
        }

        /** "0.062 file + 0.000 dir flushes; 1.0 writes, 3.0 stats, 1.0 locks, 0.0 opens, 7.0 disk calls per op". */
        public String perOp(long ops) {
            if (ops == 0) {
                return "no operations";
            }
            double n = ops;
            return String.format(Locale.ROOT, "%.3f file + %.3f dir flushes; %.1f writes, %.1f stats, %.1f locks,"
                            + " %.1f opens, %.1f disk calls per op", fileSyncs / n, directorySyncs / n, writes / n,
                    stats / n, locks / n, opens / n, calls / n);
        }
    }
}
