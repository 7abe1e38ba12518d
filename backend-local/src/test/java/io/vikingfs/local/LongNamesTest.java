package io.vikingfs.local;

import io.vikingfs.RenameOptions;
import io.vikingfs.VPath;
import io.vikingfs.WriteOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Names as long as a path segment may be (255 UTF-8 bytes, docs/contract.md §1) on the real disk, whose file system
 * refuses longer entry names: the library's own entries derived from them (generations beside a switched
 * directory, rename links beside a renamed file) must still fit, and every guarantee must hold as for short names —
 * D1–D3 for switches (old generations reclaimed, the live one never), R1–R2 for renames.
 */
class LongNamesTest {
    private static final String LONG = "n".repeat(VPath.MAX_SEGMENT_BYTES);

    @TempDir
    Path tmp;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private List<String> generationsOnDisk(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(LibraryNames::isGeneration).toList();
        }
    }

    @Test
    void switchDirectory_ofALiveDirectoryWithALongName_keepsOneGeneration_andRecoveryKeepsIt() throws IOException {
        try (Stores stores = Stores.on("disk", tmp.resolve("store"))) {
            LocalVikingFs fs = stores.open();
            VPath live = VPath.of("idx/" + LONG);
            for (int i = 1; i <= 3; i++) {
                fs.atomicWrite(VPath.of("idx/staged/f"), utf8("v" + i), WriteOptions.durable(false));
                fs.switchDirectory(VPath.of("idx/staged"), live, true);
                assertThat(fs.read(live.resolve("f"))).isEqualTo(utf8("v" + i));
            }
            assertThat(generationsOnDisk(stores.root.resolve("idx"))).as("older generations reclaimed").hasSize(1);
            assertThat(fs.list(VPath.of("idx")).map(e -> e.name()).toList()).containsExactly(LONG);

            fs.close();
            LocalVikingFs reopened = stores.open();
            assertThat(reopened.recover(true).total()).as("nothing left to reclaim").isZero();
            assertThat(reopened.read(live.resolve("f"))).isEqualTo(utf8("v3"));
            assertThat(generationsOnDisk(stores.root.resolve("idx"))).hasSize(1);
        }
    }

    @Test
    void renameAcrossDirectories_ofAFileWithALongName_movesIt_withAndWithoutReplace() throws IOException {
        try (Stores stores = Stores.on("disk", tmp.resolve("store"))) {
            LocalVikingFs fs = stores.open();
            VPath src = VPath.of("a/" + LONG);
            VPath dst = VPath.of("b/" + LONG);
            fs.atomicWrite(src, utf8("one"), WriteOptions.DEFAULT);
            fs.rename(src, dst, RenameOptions.DEFAULT);
            assertThat(fs.exists(src)).isFalse();
            assertThat(fs.read(dst)).isEqualTo(utf8("one"));

            fs.atomicWrite(src, utf8("two"), WriteOptions.DEFAULT);
            fs.rename(src, dst, RenameOptions.DEFAULT.withReplace(true));
            assertThat(fs.read(dst)).isEqualTo(utf8("two"));
            assertThat(fs.recover(false).total()).as("no rename link left behind").isZero();
        }
    }
}
