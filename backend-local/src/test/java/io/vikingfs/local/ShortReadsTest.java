package io.vikingfs.local;

import io.vikingfs.VPath;
import io.vikingfs.WriteOptions;
import io.vikingfs.local.disk.DiskFile;
import io.vikingfs.local.disk.ForwardingDisk;
import io.vikingfs.local.disk.ForwardingDiskFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A positioned read may return fewer bytes than asked (POSIX {@code pread}; network and FUSE file systems do it
 * often): every read of the store must still see the whole file — content, records, versions and the search for a
 * torn tail's last newline — exactly as on a disk that fills every buffer.
 */
class ShortReadsTest {
    /** Returns at most this many bytes per read. */
    private static final int MOST = 7;

    @TempDir
    Path tmp;

    private Stores withShortReads() throws IOException {
        return Stores.on("jimfs", tmp, d -> new ForwardingDisk(d) {
            @Override
            protected DiskFile wrap(DiskFile file) {
                return new ForwardingDiskFile(file) {
                    @Override
                    public int read(ByteBuffer dst, long position) throws IOException {
                        ByteBuffer part = dst.duplicate();
                        part.limit(part.position() + Math.min(MOST, part.remaining()));
                        int n = super.read(part, position);
                        if (n > 0) {
                            dst.position(dst.position() + n);
                        }
                        return n;
                    }
                };
            }
        });
    }

    @Test
    void wholeFiles_versions_andStreams_areComplete() throws IOException {
        try (Stores stores = withShortReads()) {
            wholeFilesAreComplete(stores.open());
        }
    }

    private static void wholeFilesAreComplete(LocalVikingFs fs) throws IOException {
        byte[] big = new byte[100_003];
        new Random(42).nextBytes(big);
        VPath f = VPath.of("d/blob");
        var written = fs.atomicWrite(f, big, WriteOptions.DEFAULT);
        assertThat(fs.read(f)).isEqualTo(big);
        assertThat(fs.stat(f).version()).isEqualTo(written);
        assertThat(fs.stat(f).size()).isEqualTo(big.length);
        try (InputStream in = fs.newInputStream(f)) {
            assertThat(in.readAllBytes()).isEqualTo(big);
        }
        fs.atomicWrite(f, "next".getBytes(StandardCharsets.UTF_8), WriteOptions.precondition(io.vikingfs.Precondition.ifMatch(written)));
        assertThat(fs.read(f)).isEqualTo("next".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void records_andTheTornTailSearch_seeEveryByte() throws IOException {
        try (Stores stores = withShortReads()) {
            recordsAreComplete(stores.open(), stores.root);
        }
    }

    private static void recordsAreComplete(LocalVikingFs fs, Path root) throws IOException {
        VPath log = VPath.of("s/log.jsonl");
        List<String> records = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            records.add("{\"n\":" + i + ",\"pad\":\"" + "x".repeat(i % 50) + "\"}");
        }
        fs.appendAll(log, records, true);
        assertThat(fs.readRecords(log).records()).containsExactlyElementsOf(records);

        byte[] torn = new byte[70_000];
        java.util.Arrays.fill(torn, (byte) 'y');
        Files.write(root.resolve("s/log.jsonl"), torn, StandardOpenOption.APPEND);
        fs.append(log, "{\"last\":true}", true);
        records.add("{\"last\":true}");
        assertThat(fs.readRecords(log).records()).containsExactlyElementsOf(records);
        assertThat(fs.readRecords(log).isClean()).isTrue();
    }
}
