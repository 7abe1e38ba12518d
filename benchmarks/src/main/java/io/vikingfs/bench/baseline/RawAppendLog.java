package io.vikingfs.bench.baseline;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The fastest single-writer log there is: a channel opened once in append mode, one {@code write} per record,
 * and {@code force(false)} after it when durable. No lock, no torn-tail repair, no cross-process safety: the
 * device's and the kernel's limit, which our log must come close to.
 */
public final class RawAppendLog implements Closeable {
    private final FileChannel channel;
    private final boolean durable;

    public RawAppendLog(Path file, boolean durable) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        this.durable = durable;
    }

    public void append(byte[] line) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(line);
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
        if (durable) {
            channel.force(false);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
