package io.vikingfs.bench.baseline;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The durable log a careful developer writes by hand: one channel opened once, and per record, under one lock,
 * write the line and {@code force(false)} (fdatasync) before returning. Correct — no record is acknowledged
 * before it is on disk, no two records interleave — but every record pays a whole flush, and every caller
 * waits for the flushes of all callers before it.
 */
public final class LockedForceLog implements Closeable {
    private final FileChannel channel;
    private final Object lock = new Object();

    public LockedForceLog(Path file) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
    }

    public void append(byte[] line) throws IOException {
        synchronized (lock) {
            ByteBuffer buf = ByteBuffer.wrap(line);
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            channel.force(false);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
