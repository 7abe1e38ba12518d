package io.vikingfs.local;

import io.vikingfs.local.disk.DiskFile;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Removes a torn tail: the bytes after a log's last newline, left by an append cut short (a crash mid-write, or a
 * power loss that kept part of the data or zero-filled it). Only those bytes, and only under the log's locks,
 * with the size read under them: never a complete record, never another writer's bytes (field cases 1 and 3).
 * Records never contain a newline, so the last newline always ends a complete record.
 */
final class TornTail {
    private TornTail() {
    }

    /**
     * Cuts the bytes after the last newline of {@code file} (of {@code size} bytes), if any, and returns the clean
     * end. {@code knownClean} is a size at which the caller knows the tail is clean (the end of its own last batch,
     * and no library writer ever leaves a file at that size with a torn tail: bytes are only appended after it or
     * cut back to a newline), or -1 if unknown; at that size nothing is read.
     */
    static long cut(DiskFile file, long size, long knownClean) throws IOException {
        if (size == 0 || size == knownClean) {
            return size; // every library writer ends a batch with '\n' and only ever cuts back to one
        }
        ByteBuffer one = ByteBuffer.allocate(1);
        if (file.read(one, size - 1) == 1 && one.get(0) == '\n') {
            return size;
        }
        long clean = 0;
        byte[] chunk = new byte[64 * 1024];
        long pos = size;
        search:
        while (pos > 0) {
            int n = (int) Math.min(chunk.length, pos);
            pos -= n;
            ByteBuffer b = ByteBuffer.wrap(chunk, 0, n);
            while (b.hasRemaining() && file.read(b, pos + b.position()) >= 0) {
                // fill the chunk
            }
            for (int i = n - 1; i >= 0; i--) {
                if (chunk[i] == '\n') {
                    clean = pos + i + 1;
                    break search;
                }
            }
        }
        file.truncate(clean);
        return clean;
    }
}
