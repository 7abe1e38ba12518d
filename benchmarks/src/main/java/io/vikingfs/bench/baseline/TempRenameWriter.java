package io.vikingfs.bench.baseline;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The atomic file replacement a careful developer writes by hand: write a new temp file beside the target, flush
 * it (so a power loss cannot leave an empty file under the target's name), rename it over the target, and — when
 * durable — flush the directory so the rename itself survives. Concurrent writers of one path take one lock
 * around the whole sequence, as the hand-written version must to keep the last writer's content last.
 */
public final class TempRenameWriter implements Closeable {
    private final Path dir;
    private final boolean forceFile;
    private final boolean forceDirectory;
    private final FileChannel directory;
    private final AtomicLong tempCounter = new AtomicLong();
    private final Object lock = new Object();

    /**
     * @param dir            the directory of the targets (temp files go there too, so the rename is atomic)
     * @param forceFile      flush the temp file before the rename (off only on Jimfs, where force does nothing)
     * @param forceDirectory flush the directory after the rename (the durable variant)
     */
    public TempRenameWriter(Path dir, boolean forceFile, boolean forceDirectory) throws IOException {
        this.dir = dir;
        this.forceFile = forceFile;
        this.forceDirectory = forceDirectory;
        // Opened once: a careful developer does not reopen the directory for every write.
        this.directory = forceDirectory ? FileChannel.open(dir, StandardOpenOption.READ) : null;
    }

    public void write(String name, byte[] content) throws IOException {
        synchronized (lock) {
            Path temp = dir.resolve(".tmp-" + name + "-" + tempCounter.incrementAndGet());
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                if (forceFile) {
                    ch.force(false);
                }
            }
            Files.move(temp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            if (forceDirectory) {
                directory.force(true);
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (directory != null) {
            directory.close();
        }
    }
}
