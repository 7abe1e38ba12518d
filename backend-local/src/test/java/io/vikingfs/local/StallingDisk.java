package io.vikingfs.local;

import io.vikingfs.local.disk.Disk;
import io.vikingfs.local.disk.DiskFile;
import io.vikingfs.local.disk.ForwardingDisk;
import io.vikingfs.local.disk.ForwardingDiskFile;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A disk that stalls on purpose, as a loaded device does: every sync of a file takes at least {@link #syncStall}
 * ms, and the next data write (armed with {@link #stallNextWrite}) holds still — inside the log's locks — until
 * released. The stalls of the telemetry tests.
 */
final class StallingDisk extends ForwardingDisk {
    volatile long syncStall;
    private final AtomicReference<CountDownLatch[]> nextWrite = new AtomicReference<>();

    StallingDisk(Disk delegate) {
        super(delegate);
    }

    /**
     * The next write signals {@code entered}, then waits for {@code release} before writing.
     */
    void stallNextWrite(CountDownLatch entered, CountDownLatch release) {
        nextWrite.set(new CountDownLatch[] {entered, release});
    }

    private static void pause(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted in a stall");
        }
    }

    @Override
    protected DiskFile wrap(DiskFile file) {
        return new ForwardingDiskFile(file) {
            @Override
            public void write(ByteBuffer src, long position) throws IOException {
                CountDownLatch[] stall = nextWrite.getAndSet(null);
                if (stall != null) {
                    stall[0].countDown();
                    try {
                        stall[1].await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("interrupted in a stall");
                    }
                }
                super.write(src, position);
            }

            @Override
            public void sync() throws IOException {
                pause(syncStall);
                super.sync();
            }
        };
    }

    /** The disk path of {@code relative} under the root. */
    Path at(String relative) {
        return root().resolve(relative);
    }
}
