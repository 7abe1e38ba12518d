package io.vikingfs.local;

import io.vikingfs.DirEntry;
import io.vikingfs.EntryKind;
import io.vikingfs.VPath;
import io.vikingfs.WriteOptions;
import io.vikingfs.local.disk.DiskStat;
import io.vikingfs.local.disk.ForwardingDisk;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a listing shows ({@link LocalVikingFs}: "names other programs created that no VPath can spell, foreign
 * symbolic links and special files are not listed"; the library's {@code .vfs*} entries are hidden; a live
 * directory's pointer is listed as a directory), and what reading a special file says. The special file is a
 * regular one the disk reports as {@link DiskStat.Kind#OTHER} (a FIFO or a device, made by another program).
 */
class ListingVisibilityTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"disk", "jimfs"})
    void aListingShowsFilesDirectoriesAndLiveDirectories_only(String where) throws IOException {
        try (Stores stores = Stores.on(where, tmp, d -> new ForwardingDisk(d) {
            @Override
            public DiskStat stat(Path path) throws IOException {
                DiskStat st = super.stat(path);
                return st != null && path.getFileName() != null && path.getFileName().toString().equals("special")
                        ? new DiskStat(DiskStat.Kind.OTHER, 0, st.fileKey(), st.modifiedNanos()) : st;
            }
        })) {
            listAndRead(stores, stores.open());
        }
    }

    private static void listAndRead(Stores stores, LocalVikingFs fs) throws IOException {
        byte[] x = "x".getBytes(StandardCharsets.UTF_8);
        fs.atomicWrite(VPath.of("d/file"), x, WriteOptions.DEFAULT);
        fs.mkdirs(VPath.of("d/sub"));
        fs.atomicWrite(VPath.of("staged/x"), x, WriteOptions.DEFAULT);
        fs.switchDirectory(VPath.of("staged"), VPath.of("d/live"), true);
        Path d = stores.root.resolve("d");
        Files.write(d.resolve("back\\slash"), x); // no VPath spells this name
        Files.write(d.resolve("tab\tname"), x); // nor this one
        Files.write(d.resolve("special"), x); // a FIFO, as the disk reports it
        Files.createSymbolicLink(d.resolve("link"), d.resolve("file"));

        try (Stream<DirEntry> s = fs.list(VPath.of("d"))) {
            assertThat(s.toList()).containsExactly(new DirEntry(VPath.of("d/file"), EntryKind.FILE),
                    new DirEntry(VPath.of("d/live"), EntryKind.DIRECTORY),
                    new DirEntry(VPath.of("d/sub"), EntryKind.DIRECTORY));
        }
        try (Stream<DirEntry> s = fs.list(VPath.of("d/live"))) {
            assertThat(s.toList()).containsExactly(new DirEntry(VPath.of("d/live/x"), EntryKind.FILE));
        }
        assertThatThrownBy(() -> fs.read(VPath.of("d/special"))).isInstanceOf(FileSystemException.class)
                .hasMessageContaining("d/special").hasMessageContaining("not a regular file or directory");
        assertThatThrownBy(() -> fs.stat(VPath.of("d/special"))).isInstanceOf(FileSystemException.class)
                .hasMessageContaining("d/special").hasMessageContaining("not a regular file or directory");
        assertThat(fs.exists(VPath.of("d/special"))).isFalse();
    }
}
