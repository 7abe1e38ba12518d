package io.vikingfs.memory;

import io.vikingfs.VPath;
import io.vikingfs.WriteOptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code delete}, {@code deleteIfExists} and {@code deleteRecursively} are durable (their Javadoc in
 * {@link io.vikingfs.VikingFs}): once one returned, the harshest power loss — only what was synced survives — under
 * either crash model does not bring back what it deleted: a file, an empty directory, a tree, a live directory of
 * {@code switchDirectory} (its pointer and its generation).
 */
class DurableDeletesTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(CrashOptions.Model.class)
    void deletesThatReturned_surviveAPowerLoss(CrashOptions.Model model) throws IOException {
        try (MemoryVikingFs fs = MemoryVikingFs.create()) {
            for (String file : new String[] {"d/file", "d/maybe", "files/one", "tree/a/b/deep", "tree/a/c", "tree/top",
                    "staged/f", "kept/f"}) {
                fs.atomicWrite(VPath.of(file), utf8(file), WriteOptions.DEFAULT);
            }
            fs.mkdirs(VPath.of("d/empty"));
            fs.mkdirs(VPath.of("emptyStaged"));
            fs.switchDirectory(VPath.of("staged"), VPath.of("live"), true);
            fs.switchDirectory(VPath.of("emptyStaged"), VPath.of("emptyLive"), true);

            fs.delete(VPath.of("d/file"));
            assertThat(fs.deleteIfExists(VPath.of("d/maybe"))).isTrue();
            fs.delete(VPath.of("d/empty"));
            fs.deleteRecursively(VPath.of("files/one"));
            fs.deleteRecursively(VPath.of("tree"));
            fs.deleteRecursively(VPath.of("live"));
            fs.delete(VPath.of("emptyLive")); // an empty live directory: its pointer, then its generation

            assertThat(fs.recover(false).total()).as("the generations of the deleted live directories are deleted")
                    .isZero();
            try (MemoryVikingFs after = fs.crash(CrashOptions.syncedOnly().withModel(model))) {
                for (String gone : new String[] {"d/file", "d/maybe", "d/empty", "files/one", "tree", "live",
                        "emptyLive"}) {
                    assertThat(after.exists(VPath.of(gone))).as("%s deleted before the power loss", gone).isFalse();
                }
                assertThat(after.read(VPath.of("kept/f"))).isEqualTo(utf8("kept/f"));
                assertThat(after.recover(false).total()).as("nothing of the deleted live directories left").isZero();
            }
        }
    }
}
