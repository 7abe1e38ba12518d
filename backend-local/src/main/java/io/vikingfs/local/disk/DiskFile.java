package io.vikingfs.local.disk;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/** An open regular file of a {@link Disk}: positioned reads and writes, truncate, sync, lock. */
public interface DiskFile extends Closeable {
    /** The path the file was opened at (it may since have been renamed). */
    Path path();

    long size() throws IOException;

    /** Reads up to {@code dst.remaining()} bytes at {@code position}; returns the count, or -1 at end of file. */
    int read(ByteBuffer dst, long position) throws IOException;

    /** Writes all of {@code src} at {@code position} (looping over short writes), extending the file if needed. */
    void write(ByteBuffer src, long position) throws IOException;

    /**
     * As {@code write(ByteBuffer.wrap(bytes), position)}, from a caller that promises no one changes {@code bytes}
     * afterwards: a disk may keep the array itself instead of a copy. The crash recorder keeps every pending
     * write's bytes; its own copy of an atomic write's content cost an eighth of an in-memory atomic write (most
     * of it the garbage collector's work).
     */
    default void writeImmutable(byte[] bytes, long position) throws IOException {
        write(ByteBuffer.wrap(bytes), position);
    }

    /** Cuts the file to {@code size} bytes. */
    void truncate(long size) throws IOException;

    /**
     * Makes the file's data and size durable (fdatasync). If it throws, the data it covered may be lost at a power
     * loss and must be treated as such; retrying it proves nothing.
     */
    void sync() throws IOException;

    /**
     * Takes an exclusive lock on the file that other processes respect; blocks until granted, and while blocked
     * announces the wait to the holder ({@link DiskLock#waitedFor()}). Within one JVM a file may be locked through
     * only one open {@code DiskFile} at a time: callers serialise in-process first.
     */
    DiskLock lock() throws IOException;

    /**
     * Takes the same lock as {@link #lock()} if no other process holds it; {@code null} if one does. Within one
     * JVM, as {@link #lock()}: a lock held through another open {@code DiskFile} of this JVM makes it throw
     * {@link java.nio.channels.OverlappingFileLockException}.
     */
    DiskLock tryLock() throws IOException;
}
