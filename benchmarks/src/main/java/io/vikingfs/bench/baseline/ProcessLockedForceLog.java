package io.vikingfs.bench.baseline;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@link LockedForceLog} made safe for several processes, as a careful developer would: per record, the
 * in-process lock, then the file's {@code FileLock} (other processes), write, {@code force(false)}, release. Every
 * record pays a whole flush, and every caller of every process waits for the flushes of all the others.
 */
public final class ProcessLockedForceLog implements Closeable {
    private final FileChannel channel;
    private final Object lock = new Object();

    public ProcessLockedForceLog(Path file) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
    }

    public void append(byte[] line) throws IOException {
        synchronized (lock) {
            try (FileLock ignored = channel.lock()) {
                ByteBuffer buf = ByteBuffer.wrap(line);
                while (buf.hasRemaining()) {
                    channel.write(buf);
                }
                channel.force(false);
            }
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
