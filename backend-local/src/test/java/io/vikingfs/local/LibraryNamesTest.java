package io.vikingfs.local;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The names of the library's entries on disk are a format: one process's recovery must recognise what another
 * process (or an earlier run) left — a generation, a rename link and where it leads — so each rule of
 * {@link LibraryNames} is pinned at its edges: a name of exactly the longest literal length, a link name of
 * exactly NAME_MAX (255) bytes, generation 0, 18-digit numbers.
 */
class LibraryNamesTest {
    private static String ofBytes(int n) {
        return "n".repeat(n);
    }

    @Test
    void generationNames_areLiteralUpTo200Bytes_andHashedBeyond_distinctPerName() {
        assertThat(LibraryNames.generationPrefix(ofBytes(200))).isEqualTo(".vfs-gen-" + ofBytes(200) + "-");
        String hashed = LibraryNames.generationPrefix(ofBytes(201));
        assertThat(hashed).matches("\\.vfs-genh-[0-9a-f]{32}-");
        assertThat(LibraryNames.generationPrefix(ofBytes(202))).isNotEqualTo(hashed);
        assertThat(LibraryNames.generationName(ofBytes(201), 7).getBytes(StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(255);
        assertThat(LibraryNames.switchLockName("a")).isNotEqualTo(LibraryNames.switchLockName("b"))
                .matches("\\.vfs-swlock-[0-9a-f]{32}");
    }

    @Test
    void generationNumbers_fromZeroTo18Digits_areRecognised_andNothingElse() {
        assertThat(LibraryNames.isGeneration(LibraryNames.generationName("live", 0))).isTrue();
        assertThat(LibraryNames.generationNumber("live", LibraryNames.generationName("live", 0))).isZero();
        long eighteen = 123_456_789_012_345_678L;
        assertThat(LibraryNames.generationNumber("live", ".vfs-gen-live-" + eighteen)).isEqualTo(eighteen);
        assertThat(LibraryNames.generationNumber("live", ".vfs-gen-live-" + eighteen + "9")).isEqualTo(-1);
        assertThat(LibraryNames.generationNumber("live", ".vfs-gen-live-")).isEqualTo(-1);
        assertThat(LibraryNames.generationNumber("live", ".vfs-gen-live-1x")).isEqualTo(-1);
        assertThat(LibraryNames.generationNumber("live", ".vfs-gen-other-1")).isEqualTo(-1);
        assertThat(LibraryNames.isGeneration(LibraryNames.generationName(ofBytes(230), 0))).isTrue();
        assertThat(LibraryNames.isGeneration(".vfs-gen-live-x")).isFalse();
    }

    @Test
    void renameLinks_sayWhetherTheyReplace_andLeadToTheirTarget() {
        for (boolean replace : new boolean[] {false, true}) {
            String link = LibraryNames.newRenameLinkName("target.json", replace);
            assertThat(link).startsWith(replace ? ".vfs-mvr-" : ".vfs-mv-");
            assertThat(LibraryNames.isRenameLink(link)).as(link).isTrue();
            assertThat(LibraryNames.renameReplaces(link)).as(link).isEqualTo(replace);
            assertThat(LibraryNames.renameTarget(link)).isEqualTo("target.json");
            assertThat(LibraryNames.isRenameLink(link.substring(0, link.length() - "target.json".length())))
                    .as("a link naming no target").isFalse();
        }
        assertThat(LibraryNames.isRenameLink(".vfs-mv-12345678target")).as("no dash after the 8 digits").isFalse();
        assertThat(LibraryNames.isRenameLink(".vfs-tmp-12345678-target")).isFalse();
    }

    @Test
    void renameLinkNames_fitIn255Bytes_orAreNotMade() {
        int prefix = ".vfs-mv-".length() + 9; // 8 hex digits and a dash
        String fits = ofBytes(255 - prefix);
        assertThat(LibraryNames.newRenameLinkName(fits, false)).hasSize(255);
        assertThat(LibraryNames.newRenameLinkName(fits + "n", false)).isNull();
        assertThat(LibraryNames.newRenameLinkName(fits, true)).as("one byte longer with replace").isNull();
    }
}
