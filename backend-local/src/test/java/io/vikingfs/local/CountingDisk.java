package io.vikingfs.local;

import io.vikingfs.local.disk.Disk;
import io.vikingfs.local.disk.DiskFile;
import io.vikingfs.local.disk.ForwardingDisk;
import io.vikingfs.local.disk.ForwardingDiskFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Counts device flushes (file syncs and directory syncs) below the protocols. Optionally each flush takes
 * {@code latencyMicros} (a slow device, so that concurrent callers really overlap as on a disk), and flushes of
 * paths matching {@code failing} throw (a device error).
 */
final class CountingDisk extends ForwardingDisk {
    final AtomicLong fileSyncs = new AtomicLong();
    final AtomicLong directorySyncs = new AtomicLong();
    final AtomicInteger concurrentFlushes = new AtomicInteger();
    private final long latencyMicros;
    private volatile Predicate<Path> failing = p -> false;

    CountingDisk(Disk delegate, long latencyMicros) {
        super(delegate);
        this.latencyMicros = latencyMicros;
    }

    void failFlushesOf(Predicate<Path> which) {
        this.failing = which;
    }

    long flushes() {
        return fileSyncs.get() + directorySyncs.get();
    }

    private void flush(Path path) throws IOException {
        if (failing.test(path)) {
            throw new IOException("injected: EIO flushing " + path.getFileName());
        }
        if (latencyMicros > 0) {
            try {
                Thread.sleep(latencyMicros / 1000, (int) (latencyMicros % 1000) * 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException();
            }
        }
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
        directorySyncs.incrementAndGet();
        flush(dir);
        super.syncDirectory(dir);
    }

    @Override
    protected DiskFile wrap(DiskFile file) {
        return new ForwardingDiskFile(file) {
            @Override
            public void sync() throws IOException {
                fileSyncs.incrementAndGet();
                flush(path());
                super.sync();
            }
        };
    }
}
