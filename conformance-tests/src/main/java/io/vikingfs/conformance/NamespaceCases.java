package io.vikingfs.conformance;

import io.vikingfs.VPath;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code delete}, {@code deleteIfExists}, {@code deleteRecursively} and {@code mkdirs}, with their error paths. */
public abstract class NamespaceCases extends StoreCase {

    @Test
    void delete_file_isGoneAndSiblingsStay() throws IOException {
        put("d/a", "1");
        put("d/b", "2");
        fs.delete(p("d/a"));
        assertThat(names(p("d"))).containsExactly("b");
    }

    @Test
    void delete_emptyDirectory_isGone() throws IOException {
        fs.mkdirs(p("d/e"));
        fs.delete(p("d/e"));
        assertThat(fs.exists(p("d/e"))).isFalse();
        assertThat(fs.exists(p("d"))).isTrue();
    }

    @Test
    void delete_nonEmptyDirectory_throwsDirectoryNotEmptyAndChangesNothing() throws IOException {
        put("d/a", "1");
        StoreSnapshot before = snapshot();
        assertThatThrownBy(() -> fs.delete(p("d")))
                .isInstanceOf(DirectoryNotEmptyException.class)
                .satisfies(e -> assertNamesPath(e, p("d")));
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void delete_missing_throwsNoSuchFile() {
        assertThatThrownBy(() -> fs.delete(p("ghost")))
                .isInstanceOf(NoSuchFileException.class)
                .satisfies(e -> assertNamesPath(e, p("ghost")));
    }

    @Test
    void deleteIfExists_missing_returnsFalse() throws IOException {
        assertThat(fs.deleteIfExists(p("ghost"))).isFalse();
        assertThat(fs.deleteIfExists(p("no/parent/either"))).isFalse();
    }

    @Test
    void deleteIfExists_existingFile_returnsTrueAndDeletes() throws IOException {
        put("f", "1");
        assertThat(fs.deleteIfExists(p("f"))).isTrue();
        assertThat(fs.exists(p("f"))).isFalse();
    }

    @Test
    void deleteIfExists_nonEmptyDirectory_throwsDirectoryNotEmpty() throws IOException {
        put("d/a", "1");
        assertThatThrownBy(() -> fs.deleteIfExists(p("d"))).isInstanceOf(DirectoryNotEmptyException.class);
        assertThat(read("d/a")).isEqualTo("1");
    }

    @Test
    void deleteRecursively_tree_removesEverythingBelowAndKeepsSiblings() throws IOException {
        put("t/a", "1");
        put("t/s/b", "2");
        put("t/s/deeper/c", "3");
        fs.mkdirs(p("t/empty"));
        fs.append(p("t/log.jsonl"), "{}", false);
        put("keep/x", "kept");
        put("t2", "sibling with a shared prefix");
        fs.deleteRecursively(p("t"));
        assertThat(fs.exists(p("t"))).isFalse();
        assertThat(walked(VPath.ROOT)).containsExactly("keep/", "keep/x", "t2");
    }

    @Test
    void deleteRecursively_file_deletesIt() throws IOException {
        put("f", "1");
        fs.deleteRecursively(p("f"));
        assertThat(fs.exists(p("f"))).isFalse();
    }

    @Test
    void deleteRecursively_missing_throwsNoSuchFile() {
        assertThatThrownBy(() -> fs.deleteRecursively(p("ghost"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void deleteRecursively_wideTree_removesAll() throws IOException {
        for (int i = 0; i < 300; i++) {
            fs.append(p("wide/d" + (i % 7) + "/f" + i), "{}", false);
        }
        fs.deleteRecursively(p("wide"));
        assertThat(names(VPath.ROOT)).isEmpty();
    }

    @Test
    void mkdirs_createsMissingParents() throws IOException {
        fs.mkdirs(p("a/b/c"));
        assertThat(walked(VPath.ROOT)).containsExactly("a/", "a/b/", "a/b/c/");
    }

    @Test
    void mkdirs_existingDirectory_succeedsAndKeepsContent() throws IOException {
        put("a/f", "1");
        fs.mkdirs(p("a"));
        fs.mkdirs(p("a"));
        assertThat(read("a/f")).isEqualTo("1");
    }

    @Test
    void mkdirs_root_succeeds() throws IOException {
        fs.mkdirs(VPath.ROOT);
        assertThat(names(VPath.ROOT)).isEmpty();
    }

    @Test
    void mkdirs_fileInTheWay_failsAndFileIntact() throws IOException {
        put("a", "file");
        StoreSnapshot before = snapshot();
        assertThatThrownBy(() -> fs.mkdirs(p("a"))).isInstanceOf(FileSystemException.class)
                .satisfies(e -> assertNamesPath(e, p("a")));
        assertThatThrownBy(() -> fs.mkdirs(p("a/b/c"))).isInstanceOf(FileSystemException.class);
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void delete_thenRecreate_startsFresh() throws IOException {
        fs.append(p("l.jsonl"), "old", false);
        fs.delete(p("l.jsonl"));
        fs.append(p("l.jsonl"), "new", false);
        assertThat(read("l.jsonl")).isEqualTo("new\n");
    }
}
