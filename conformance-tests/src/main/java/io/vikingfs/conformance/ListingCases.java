package io.vikingfs.conformance;

import io.vikingfs.DirEntry;
import io.vikingfs.EntryKind;
import io.vikingfs.VPath;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code list} and {@code walk}: complete, sorted by {@link VPath#compareNames}, {@code .vfs*} hidden. */
public abstract class ListingCases extends StoreCase {

    /** Names whose byte order differs from {@code String.compareTo} and from case-insensitive order. */
    static final List<String> TRICKY_NAMES = List.of("b", "B", "a", "a.b", "a-b", "a b", "ab", "a0", "_x", "~x",
            "Z", "é", "e\u0301", "日本", "\uFFFD", "\uD83D\uDE00", "10", "9", "%41");

    @Test
    void list_emptyStoreRoot_isEmpty() throws IOException {
        assertThat(names(VPath.ROOT)).isEmpty();
    }

    @Test
    void list_namesSortedByUtf8Bytes() throws IOException {
        for (String n : TRICKY_NAMES) {
            fs.append(p("d").resolve(n), "{}", false);
        }
        List<String> expected = new ArrayList<>(TRICKY_NAMES);
        expected.sort(VPath::compareNames);
        assertThat(names(p("d"))).containsExactlyElementsOf(expected);
        assertThat(VPath.compareNames("\uFFFD", "\uD83D\uDE00")).as("code point, not UTF-16, order").isNegative();
    }

    @Test
    void list_entriesCarryFullPathAndKind() throws IOException {
        put("top/f.txt", "x");
        fs.mkdirs(p("top/sub"));
        try (Stream<DirEntry> s = fs.list(p("top"))) {
            assertThat(s.collect(Collectors.toList())).containsExactly(
                    new DirEntry(p("top/f.txt"), EntryKind.FILE),
                    new DirEntry(p("top/sub"), EntryKind.DIRECTORY));
        }
    }

    @Test
    void list_2500Entries_completeAndSorted() throws IOException {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            // Unpadded numbers: byte order (1, 10, 100, 1000, 1001, …) differs from numeric order.
            String name = "e" + i;
            expected.add(name);
            if (i % 100 == 0) {
                fs.mkdirs(p("big").resolve(name));
            } else {
                fs.append(p("big").resolve(name), "{}", false);
            }
        }
        expected.sort(VPath::compareNames);
        List<String> listed = names(p("big"));
        assertThat(listed).hasSize(2_500).containsExactlyElementsOf(expected);
        assertThat(walked(p("big"))).hasSize(2_500);
    }

    @Test
    void list_isNotRecursive() throws IOException {
        put("a/b/c/d.txt", "x");
        put("a/e.txt", "x");
        assertThat(names(p("a"))).containsExactly("b", "e.txt");
        assertThat(names(VPath.ROOT)).containsExactly("a");
    }

    @Test
    void list_emptyDirectory_isEmpty() throws IOException {
        fs.mkdirs(p("empty"));
        assertThat(names(p("empty"))).isEmpty();
    }

    @Test
    void list_missingDirectory_throwsNoSuchFile() {
        assertThatThrownBy(() -> names(p("nowhere")))
                .isInstanceOf(NoSuchFileException.class)
                .satisfies(e -> assertNamesPath(e, p("nowhere")));
    }

    @Test
    void list_file_throwsNotDirectory() throws IOException {
        put("f.txt", "x");
        assertThatThrownBy(() -> names(p("f.txt")))
                .isInstanceOf(NotDirectoryException.class)
                .satisfies(e -> assertNamesPath(e, p("f.txt")));
    }

    @Test
    void list_afterWritesAndAppends_showsNoTempFiles() throws IOException {
        for (int i = 0; i < 20; i++) {
            put("d/doc.json", "{\"i\":" + i + "}");
            fs.append(p("d/log.jsonl"), "{\"i\":" + i + "}", i % 2 == 0);
        }
        assertThat(names(p("d"))).containsExactly("doc.json", "log.jsonl");
    }

    @Test
    void list_hidesReservedEntriesPlantedInStorage() throws IOException {
        put("d/visible.txt", "x");
        assumeTrue(fixture.plantRaw("d/.vfs-planted", new byte[] {1}),
                "the fixture cannot reach below the API to plant files");
        fixture.plantRaw("d/.VFS-dir/inner", new byte[] {1});
        fixture.plantRaw(".vfsroot-planted", new byte[] {1});
        assertThat(names(p("d"))).containsExactly("visible.txt");
        assertThat(names(VPath.ROOT)).containsExactly("d");
        assertThat(walked(VPath.ROOT)).containsExactly("d/", "d/visible.txt");
    }

    @Test
    void walk_depthFirstDirectoryBeforeContentsEachLevelSorted() throws IOException {
        put("b/z.txt", "x");
        put("b/a/2.txt", "x");
        put("b/a/10.txt", "x");
        put("a.txt", "x");
        fs.mkdirs(p("b/empty"));
        put("c", "x");
        put("B/x", "x");
        assertThat(walked(VPath.ROOT)).containsExactly(
                "B/", "B/x", "a.txt", "b/", "b/a/", "b/a/10.txt", "b/a/2.txt", "b/empty/", "b/z.txt", "c");
    }

    @Test
    void walk_subdirectory_excludesItselfAndSiblings() throws IOException {
        put("x/y/f", "1");
        put("x/g", "1");
        put("w/h", "1");
        assertThat(walked(p("x"))).containsExactly("x/g", "x/y/", "x/y/f");
    }

    @Test
    void walk_emptyDirectory_isEmpty() throws IOException {
        fs.mkdirs(p("e"));
        assertThat(walked(p("e"))).isEmpty();
    }

    @Test
    void walk_missingDirectory_throwsNoSuchFile() {
        assertThatThrownBy(() -> walked(p("missing"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void list_afterDeleteAndRename_reflectsNamespace() throws IOException {
        put("d/a", "1");
        put("d/b", "2");
        put("d/c", "3");
        fs.delete(p("d/b"));
        fs.rename(p("d/c"), p("d/0"), io.vikingfs.RenameOptions.DEFAULT.withDurable(false));
        assertThat(names(p("d"))).containsExactly("0", "a");
    }
}
