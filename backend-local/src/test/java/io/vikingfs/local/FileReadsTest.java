package io.vikingfs.local;

import io.vikingfs.Precondition;
import io.vikingfs.PreconditionFailedException;
import io.vikingfs.VPath;
import io.vikingfs.Version;
import io.vikingfs.VikingFsException;
import io.vikingfs.WriteOptions;
import io.vikingfs.local.disk.DiskFile;
import io.vikingfs.local.disk.DiskRoots;
import io.vikingfs.local.disk.ForwardingDiskFile;
import io.vikingfs.local.disk.NioDisk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link FileReads#readAll}'s edges, on a file whose reported size is not what it holds: a file too large for one
 * array is refused saying so and what to use instead (nothing read), and a file that shrank between its size and
 * its read gives the bytes that exist — never a buffer padded with zeros. And the version a write returns, hashed
 * on its first use for small contents, names the bytes written even when the caller reuses its array at once.
 */
class FileReadsTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(ints = {1, 4096, FileReads.DEFERRED_MAX, FileReads.DEFERRED_MAX + 1})
    void theVersionAWriteReturns_namesWhatWasWritten_afterTheCallerChangedItsArray(int size) throws IOException {
        try (Stores stores = Stores.on("jimfs", tmp); LocalVikingFs fs = stores.open()) {
            VPath path = VPath.of("d/doc.bin");
            byte[] bytes = new byte[size];
            new Random(size).nextBytes(bytes);
            byte[] written = bytes.clone();
            Version v = fs.atomicWrite(path, bytes, WriteOptions.durable(false));
            Arrays.fill(bytes, (byte) 7); // the caller reuses its buffer before it looks at the version
            assertThat(fs.read(path)).isEqualTo(written);
            assertThat(v).isEqualTo(fs.stat(path).version()).isEqualTo(FileReads.versionOf(written))
                    .isNotEqualTo(FileReads.versionOf(bytes.clone()));

            Version next = fs.atomicWrite(path, bytes, WriteOptions.precondition(Precondition.ifMatch(v)));
            assertThatThrownBy(() -> fs.atomicWrite(path, written, WriteOptions.precondition(Precondition.ifMatch(v))))
                    .isInstanceOf(PreconditionFailedException.class);
            assertThat(fs.stat(path).version()).isEqualTo(next);
        }
    }

    /** {@code file} as if it were {@code size} bytes long. */
    private static DiskFile reportingSize(DiskFile file, long size) {
        return new ForwardingDiskFile(file) {
            @Override
            public long size() {
                return size;
            }
        };
    }

    @Test
    void aFileTooLargeForOneArray_isRefusedNamingItsSize_andAShrunkFileGivesWhatItHolds() throws IOException {
        try (FileSystem jimfs = DiskRoots.newJimfs()) {
            Path root = DiskRoots.jimfsRoot(jimfs);
            Files.writeString(root.resolve("f"), "abcd");
            NioDisk disk = new NioDisk(root);
            try (DiskFile f = disk.openRead(root.resolve("f"))) {
                long huge = Integer.MAX_VALUE - 15L;
                assertThatThrownBy(() -> FileReads.readAll("dir/f", reportingSize(f, huge)))
                        .isInstanceOf(VikingFsException.class).hasMessageContaining("dir/f")
                        .hasMessageContaining(huge + " bytes").hasMessageContaining("newInputStream");

                assertThat(new String(FileReads.readAll("dir/f", reportingSize(f, 10)), StandardCharsets.UTF_8))
                        .isEqualTo("abcd");
                assertThat(new String(FileReads.readAll("dir/f", f), StandardCharsets.UTF_8)).isEqualTo("abcd");

                // The limit is inclusive: a file of exactly the largest size is read (2 GiB - 16 bytes in use; 4 here).
                assertThat(new String(FileReads.readAll("dir/f", f, 4), StandardCharsets.UTF_8)).isEqualTo("abcd");
                assertThatThrownBy(() -> FileReads.readAll("dir/f", f, 3)).isInstanceOf(VikingFsException.class)
                        .hasMessageContaining("4 bytes is too large");
            }
        }
    }
}
