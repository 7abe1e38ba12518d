package io.vikingfs.memory;

import io.vikingfs.memory.PowerLossModel.DataOp;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The bytes of one file at one instant, immutable, yet extended by an append in time proportional to the bytes
 * appended. The power-loss model keeps a file's synced and live bytes as such values and every crash point shares
 * them; copying the whole file on each write instead made the n-th append to a log cost O(n) (312 us per write at
 * 1 MB, 1,184 us at 8 MB).
 *
 * <p>How: values share one growing {@link Buffer}, a list of byte arrays (blocks) read in order. A value owns the
 * bytes {@code [0, length)} of its buffer, which are never written again. The buffer remembers the longest length
 * any value has claimed ({@code used}); a value whose length is exactly {@code used} may claim the bytes after it
 * in place (as an append), any other value must copy first (an overwrite, a write after a truncation, or a second
 * append to an older value). So an older value, held by a crash point, never sees a later write. Appends fill the
 * last block and then add one (doubling in size up to {@link #MAX_BLOCK}): nothing already written is ever copied
 * again, where one growing array was copied whole at each doubling (and a log of a few MB was a few large
 * arrays for the garbage collector, about twice its size allocated per record appended).
 *
 * <p>Not thread-safe for {@link #apply}: the model calls it under its lock; reading ({@link #toArray},
 * {@link #length}) is safe from any thread that received the value through a happens-before edge: a value keeps
 * the list of blocks it was made with, whose entries it reads were all set before it was made.
 */
final class FileContent {
    /** The largest block an append adds (64 KiB: never one of the garbage collector's "humongous" objects). */
    static final int MAX_BLOCK = 64 * 1024;
    private static final int MIN_BLOCK = 64;
    private static final byte[][] NO_BLOCKS = new byte[0][];

    /** Blocks, each full but the last, and the longest prefix of their bytes that some value owns. */
    private static final class Buffer {
        /** Replaced by a longer copy when full, never changed below {@code count}: values keep the one they saw. */
        byte[][] blocks;
        int count;
        /** How many bytes of the last block are in use (owned by some value). */
        int lastUsed;
        int used;

        Buffer(byte[][] blocks, int count, int used) {
            this.blocks = blocks;
            this.count = count;
            this.used = used;
            this.lastUsed = count == 0 ? 0 : blocks[count - 1].length;
        }

        /** Appends {@code n} bytes of {@code src} from index {@code from} (null: zeros) after {@code used}. */
        void append(ByteBuffer src, int from, int n) {
            while (n > 0) {
                if (count == 0 || lastUsed == blocks[count - 1].length) {
                    int size = count == 0 ? MIN_BLOCK : Math.min(MAX_BLOCK, 2 * blocks[count - 1].length);
                    if (count == blocks.length) {
                        blocks = Arrays.copyOf(blocks, Math.max(4, 2 * count));
                    }
                    blocks[count++] = new byte[Math.max(size, Math.min(n, MAX_BLOCK))];
                    lastUsed = 0;
                }
                byte[] last = blocks[count - 1];
                int k = Math.min(n, last.length - lastUsed);
                if (src != null) {
                    if (src.hasArray()) { // an array's copy is an intrinsic; a buffer's bulk get checks more
                        System.arraycopy(src.array(), src.arrayOffset() + from, last, lastUsed, k);
                    } else {
                        src.get(from, last, lastUsed, k); // absolute: the buffer is not moved
                    }
                } else {
                    Arrays.fill(last, lastUsed, lastUsed + k, (byte) 0); // never written: only states the gap is zeros
                }
                lastUsed += k;
                used += k;
                from += k;
                n -= k;
            }
        }
    }

    private final Buffer buffer;
    /** The buffer's blocks as they were when this value was made (its bytes lie in the first of them). */
    private final byte[][] blocks;
    private final int length;

    private FileContent(Buffer buffer, int length) {
        this.buffer = buffer;
        this.blocks = buffer.blocks;
        this.length = length;
    }

    /** An empty file, in a buffer of its own (a shared one would have its {@code used} written by every model). */
    static FileContent empty() {
        return new FileContent(new Buffer(NO_BLOCKS, 0, 0), 0);
    }

    /** A value holding a copy of {@code bytes}, in a buffer of its own. */
    static FileContent copyOf(byte[] bytes) {
        return owning(bytes.clone());
    }

    /** A value holding {@code bytes} themselves, in a buffer of its own: no one may change them afterwards. */
    private static FileContent owning(byte[] bytes) {
        return new FileContent(new Buffer(new byte[][] {bytes}, 1, bytes.length), bytes.length);
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
        return copyInto(new byte[length]);
    }

    /** Copies the bytes to the start of {@code out} and returns it. */
    private byte[] copyInto(byte[] out) {
        copy(0, length, ByteBuffer.wrap(out));
        return out;
    }

    /** Puts the bytes {@code [from, from + n)} into {@code out} at its position, which it advances. */
    private void copy(int from, int n, ByteBuffer out) {
        int at = 0; // the offset of block i
        int done = 0;
        for (int i = 0; done < n; i++) {
            byte[] b = blocks[i];
            int start = Math.max(from + done - at, 0);
            if (start < b.length) {
                int k = Math.min(b.length - start, n - done);
                out.put(b, start, k);
                done += k;
            }
            at += b.length;
        }
    }

    /**
     * As a positioned read of a file holding these bytes ({@code FileChannel.read(dst, position)}): puts up to
     * {@code dst.remaining()} of them from {@code position} into {@code dst} and returns the count, or -1 if
     * {@code position} is at or past the end.
     */
    int read(ByteBuffer dst, long position) {
        if (position < 0) {
            throw new IllegalArgumentException("negative position " + position);
        }
        if (!dst.hasRemaining()) {
            return 0;
        }
        if (position >= length) {
            return -1;
        }
        int n = (int) Math.min(dst.remaining(), length - position);
        copy((int) position, n, dst);
        return n;
    }

    /**
     * This content with {@code op} applied, exactly as {@link DataOp#applyTo} does on an array: a write lands at
     * its offset (a gap before it reads as zeros), a truncation cuts to its offset and never extends. Costs
     * O(bytes written) when {@code op} writes at or after the end of the newest value of this buffer, O(length)
     * otherwise.
     */
    FileContent apply(DataOp op) {
        byte[] bytes = op.bytes();
        if (bytes == null) {
            // A shorter view of the same buffer: its later appends will copy, as its length is below `used`.
            return op.offset() >= length ? this : new FileContent(buffer, (int) op.offset());
        }
        if (length == 0 && op.offset() == 0) {
            // A new file's first write (a temp file's whole content): its bytes become the buffer's one block.
            // Nothing writes into them later: the block is full, so the next append adds a block (a DataOp's bytes
            // are never changed).
            return owning(bytes);
        }
        return write(op.offset(), ByteBuffer.wrap(bytes), 0, bytes.length);
    }

    /**
     * This content with {@code n} bytes of {@code src} from index {@code from} written at {@code at} (the buffer
     * is read, not moved; its bytes are copied): {@link #apply} of that write, without an array of the bytes first.
     */
    FileContent write(long at, ByteBuffer src, int from, int n) {
        int offset = Math.toIntExact(at);
        int end = Math.max(length, Math.addExact(offset, n));
        if (length != buffer.used || offset < length || length == 0 && offset == 0) {
            // Bytes [0, length) may belong to other values too (a crash point holds them): never write them, and
            // never claim bytes past `used` unless this is the newest value. Copy into a buffer of its own (a new
            // file's first write too: its whole content, one full block).
            byte[] out = copyInto(new byte[end]); // a gap before the write stays zeros
            src.get(from, out, offset, n);
            return owning(out);
        }
        buffer.append(null, 0, offset - length); // a gap after the end reads as zeros
        buffer.append(src, from, n);
        return new FileContent(buffer, end);
    }

    /** A copy of the bytes {@code [from, from + n)}, which must lie within this value. */
    byte[] range(int from, int n) {
        if (from < 0 || n < 0 || from + n > length) {
            throw new IndexOutOfBoundsException("bytes " + from + "+" + n + " of a content of " + length);
        }
        byte[] out = new byte[n];
        copy(from, n, ByteBuffer.wrap(out));
        return out;
    }
}
