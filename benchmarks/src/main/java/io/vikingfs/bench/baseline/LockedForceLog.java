package io.vikingfs.bench.baseline;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The durable log a careful developer writes by hand: one channel opened once, and per record, under one lock,
 * write the line and {@code force(false)} (fdatasync) before returning. Correct — no record is acknowledged
 * before it is on disk, no two records interleave — but every record pays a whole flush, and every caller
 * waits for the flushes of all callers before it. Made safe for several processes, as that developer would, it
 * also takes the file's {@code FileLock} around each record.
 */
public final class LockedForceLog implements Closeable {
    private final FileChannel channel;
    private final boolean crossProcess;
    private final Object lock = new Object();

    /** A log for the threads of one process. */
    public LockedForceLog(Path file) throws IOException {
        this(file, false);
    }

    /** @param crossProcess whether to take the file's {@code FileLock} per record (other processes append too) */
    public LockedForceLog(Path file, boolean crossProcess) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        this.crossProcess = crossProcess;
    }

    public void append(byte[] line) throws IOException {
        synchronized (lock) {
            FileLock fileLock = crossProcess ? channel.lock() : null;
            try {
                ByteBuffer buf = ByteBuffer.wrap(line);
                while (buf.hasRemaining()) {
                    channel.write(buf);
                }
                channel.force(false);
            } finally {
                if (fileLock != null) {
                    fileLock.release();
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
