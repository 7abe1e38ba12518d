package io.vikingfs.memory;

import io.vikingfs.memory.PowerLossModel.DataOp;

import java.util.Arrays;

/**
 * The bytes of one file at one instant, immutable, yet extended by an append in time proportional to the bytes
 * appended. The power-loss model keeps a file's synced and live bytes as such values and every crash point shares
 * them; copying the whole file on each write instead made the n-th append to a log cost O(n) (312 us per write at
 * 1 MB, 1,184 us at 8 MB).
 *
 * <p>How: values share one growing {@link Buffer}. A value owns the bytes {@code [0, length)} of its buffer, which
 * are never written again. The buffer remembers the longest length any value has claimed ({@code used}); a value
 * whose length is exactly {@code used} may claim the bytes after it in place (as an append), any other value
 * must copy first (an overwrite, a write after a truncation, or a second append to an older value). So an older
 * value, held by a crash point, never sees a later write.
 *
 * <p>Not thread-safe for {@link #apply}: the model calls it under its lock; reading ({@link #toArray},
 * {@link #length}) is safe from any thread that received the value through a happens-before edge.
 */
final class FileContent {

    /** A byte array and the longest prefix of it that some value owns. */
    private static final class Buffer {
        final byte[] bytes;
        int used;

        Buffer(byte[] bytes, int used) {
            this.bytes = bytes;
            this.used = used;
        }
    }

    private final Buffer buffer;
    private final int length;

    private FileContent(Buffer buffer, int length) {
        this.buffer = buffer;
        this.length = length;
    }

    /** An empty file, in a buffer of its own (a shared one would have its {@code used} written by every model). */
    static FileContent empty() {
        return new FileContent(new Buffer(new byte[0], 0), 0);
    }

    /** A value holding a copy of {@code bytes}, in a buffer of its own. */
    static FileContent copyOf(byte[] bytes) {
        return new FileContent(new Buffer(bytes.clone(), bytes.length), bytes.length);
    }

    /** A value equal to this one in a buffer of its own: appends to it never touch buffers other values share. */
    FileContent detached() {
        return copyOf(toArray());
    }

    int length() {
        return length;
    }

    /** A copy of the bytes. */
    byte[] toArray() {
        return Arrays.copyOf(buffer.bytes, length);
    }

    /**
     * This content with {@code op} applied, exactly as {@link DataOp#applyTo} does on an array: a write lands at
     * its offset (a gap before it reads as zeros), a truncation cuts to its offset and never extends. Costs
     * O(bytes written) when {@code op} writes at or after the end of the newest value of this buffer, O(length)
     * otherwise.
     */
    FileContent apply(DataOp op) {
        if (op.bytes() == null) {
            // A shorter view of the same buffer: its later appends will copy, as its length is below `used`.
            return op.offset() >= length ? this : new FileContent(buffer, (int) op.offset());
        }
        int offset = Math.toIntExact(op.offset());
        byte[] bytes = op.bytes();
        int end = Math.max(length, Math.addExact(offset, bytes.length));
        if (length == 0 && offset == 0) {
            // A new file's first write (a temp file's whole content): its bytes become the buffer. Nothing writes
            // into them later: the buffer is full, so the next write copies (a DataOp's bytes are never changed).
            return new FileContent(new Buffer(bytes, bytes.length), bytes.length);
        }
        Buffer target = buffer;
        boolean newest = length == buffer.used;
        if (!newest || offset < length || end > buffer.bytes.length) {
            // Bytes [0, length) may belong to other values too (a crash point holds them): never write them, and
            // never claim bytes past `used` unless this is the newest value. Copy into a new buffer; an append
            // leaves room to grow (doubling keeps a run of appends O(bytes appended)).
            int capacity = newest && offset >= length
                    ? (int) Math.max(end, Math.min(Integer.MAX_VALUE - 8, Math.max(64L, 2L * buffer.bytes.length)))
                    : end;
            byte[] grown = new byte[capacity];
            System.arraycopy(buffer.bytes, 0, grown, 0, length);
            target = new Buffer(grown, length);
        }
        // Bytes past `used` were never written (a fresh array is zeros); the fill only states the gap reads zeros.
        Arrays.fill(target.bytes, length, Math.max(length, offset), (byte) 0);
        System.arraycopy(bytes, 0, target.bytes, offset, bytes.length);
        target.used = end;
        return new FileContent(target, end);
    }
}
