package io.vikingfs.local;

import io.vikingfs.VikingFsException;
import io.vikingfs.Version;
import io.vikingfs.local.disk.Disk;
import io.vikingfs.local.disk.DiskFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Whole-file reads and content versions. A {@link Version} is the first 128 bits of the SHA-256 of the content,
 * in hex: exact (two versions are equal exactly when the bytes are, with no inode-reuse ABA), at the price of
 * hashing the file to learn it.
 *
 * <p>Every read descriptor is closed through {@link #close}: on POSIX, closing any descriptor of a file drops the
 * process's record locks on it, so a close must not happen while an appender of this JVM holds the log's
 * {@code FileLock} — it waits for the appender's in-process lock (microseconds) when one is alive.
 */
final class FileReads {
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 16;

    private final Disk disk;
    private final PathLocks locks;

    FileReads(Disk disk, PathLocks locks) {
        this.disk = disk;
        this.locks = locks;
    }

    DiskFile open(Path path) throws IOException {
        return disk.openRead(path);
    }

    /** Closes a descriptor without dropping another writer's POSIX lock on the same file. */
    void close(Path path, DiskFile file) throws IOException {
        ReentrantLock writers = locks.existing(path);
        if (writers == null) {
            file.close();
            return;
        }
        writers.lock();
        try {
            BurstLocks.yieldHeld(writers); // closing drops every POSIX lock of this process on the file
            file.close();
        } finally {
            writers.unlock();
        }
    }

    /** One complete version of the file: its bytes as of the open (a later rename never changes them). */
    byte[] readAll(String shownAs, Path path) throws IOException {
        DiskFile f = open(path);
        try {
            return readAll(shownAs, f);
        } finally {
            close(path, f);
        }
    }

    static byte[] readAll(String shownAs, DiskFile f) throws IOException {
        return readAll(shownAs, f, MAX_ARRAY);
    }

    /** As {@link #readAll(String, DiskFile)} with a largest readable size of {@code maxSize} (tests: a small one). */
    static byte[] readAll(String shownAs, DiskFile f, int maxSize) throws IOException {
        long size = f.size();
        if (size > maxSize) {
            throw new VikingFsException(shownAs, "file of " + size + " bytes is too large to read whole; use newInputStream");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) size);
        while (buf.hasRemaining()) {
            int n = f.read(buf, buf.position());
            if (n < 0) {
                break; // shrank while reading: return what exists
            }
        }
        byte[] out = buf.array();
        return buf.position() == out.length ? out : java.util.Arrays.copyOf(out, buf.position());
    }

    /**
     * Contents up to this size get their version hashed on its first use ({@link Version#computedOnFirstUse}): the
     * hash of 4 KiB (2.4 µs) was a quarter of an in-memory atomicWrite (10 µs), and most writers never
     * read the version. Larger contents are hashed at once rather than kept alive in the version until it is used.
     */
    static final int DEFERRED_MAX = 64 * 1024;

    /** The version of the content {@code bytes}, which belong to this class's caller only (never changed later). */
    static Version versionOf(byte[] bytes) {
        return bytes.length <= DEFERRED_MAX ? Version.computedOnFirstUse(new Hash(bytes)) : Version.of(token(bytes));
    }

    /**
     * The hash of one content, when asked. A class, not a lambda: C2 left the capturing lambda's allocation to a
     * runtime call (Unsafe_AllocateInstance, 2 % of an in-memory atomic write), a {@code new} is a bump of a pointer.
     */
    private record Hash(byte[] bytes) implements Supplier<String> {
        @Override
        public String get() {
            return token(bytes);
        }
    }

    private static String token(byte[] bytes) {
        MessageDigest d = sha256();
        d.update(bytes);
        return HEX.formatHex(d.digest(), 0, 16);
    }

    private static final HexFormat HEX = HexFormat.of();
    /** Copied per use: a clone is a few field copies, a provider lookup (getInstance) a fifth of a 4 KiB hash. */
    private static final MessageDigest SHA_256 = newSha256();

    private static MessageDigest sha256() {
        try {
            return (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            return newSha256(); // a provider whose digests cannot be copied
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
