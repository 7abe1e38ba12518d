package io.vikingfs.memory;

import io.vikingfs.local.disk.Disk;
import io.vikingfs.local.disk.DiskFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a live file of a {@link CrashableDisk} through the disk: its bytes are the crash model's, and the Jimfs
 * file below holds none of them.
 */
final class LiveBytes {
    private LiveBytes() {
    }

    static byte[] read(Disk disk, Path file) throws IOException {
        try (DiskFile f = disk.openRead(file)) {
            ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(f.size()));
            while (buf.hasRemaining() && f.read(buf, buf.position()) > 0) {
                // read on until the buffer is full or the file ends
            }
            return buf.hasRemaining() ? Arrays.copyOf(buf.array(), buf.position()) : buf.array();
        }
    }
}
