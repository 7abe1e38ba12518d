package io.vikingfs.conformance;

import io.vikingfs.EntryKind;
import io.vikingfs.FileStat;
import io.vikingfs.VPath;
import io.vikingfs.Version;
import io.vikingfs.WriteOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code read}, {@code newInputStream}, {@code stat} and {@code exists}: docs/contract.md §2, first row. */
public abstract class ReadingCases extends StoreCase {

    static byte[] randomBytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 4095, 65_539, 1 << 20})
    void read_existingFile_returnsExactBytes(int size) throws IOException {
        byte[] content = randomBytes(size, size);
        fs.atomicWrite(p("dir/file.bin"), content, WriteOptions.durable(false));
        assertThat(fs.read(p("dir/file.bin"))).isEqualTo(content);
    }

    @Test
    void read_missingFile_throwsNoSuchFileNamingPath() {
        assertThatThrownBy(() -> fs.read(p("missing.txt")))
                .isInstanceOf(NoSuchFileException.class)
                .satisfies(e -> assertNamesPath(e, p("missing.txt")));
    }

    @Test
    void read_missingParent_throwsNoSuchFile() {
        assertThatThrownBy(() -> fs.read(p("no/such/dir/file.txt"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void read_directory_failsNamingPath() throws IOException {
        fs.mkdirs(p("adir"));
        assertThatThrownBy(() -> fs.read(p("adir")))
                .isInstanceOf(FileSystemException.class)
                .satisfies(e -> assertNamesPath(e, p("adir")));
    }

    @Test
    void read_belowAFile_fails() throws IOException {
        put("plain.txt", "x");
        assertThatThrownBy(() -> fs.read(p("plain.txt/child"))).isInstanceOf(FileSystemException.class);
    }

    @Test
    void newInputStream_returnsSameBytesAsRead() throws IOException {
        byte[] content = randomBytes(300_001, 7);
        fs.atomicWrite(p("s.bin"), content, WriteOptions.durable(false));
        try (InputStream in = fs.newInputStream(p("s.bin"))) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
    }

    @Test
    void newInputStream_missingFile_throwsNoSuchFile() {
        assertThatThrownBy(() -> fs.newInputStream(p("nope.bin")).close()).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void newInputStream_fileReplacedWhileReading_streamKeepsTheVersionItOpened() throws IOException {
        byte[] first = randomBytes(200_000, 1);
        byte[] second = randomBytes(150_000, 2);
        fs.atomicWrite(p("v.bin"), first, WriteOptions.durable(false));
        try (InputStream in = fs.newInputStream(p("v.bin"))) {
            byte[] head = in.readNBytes(1000);
            fs.atomicWrite(p("v.bin"), second, WriteOptions.durable(false));
            byte[] rest = in.readAllBytes();
            byte[] all = new byte[head.length + rest.length];
            System.arraycopy(head, 0, all, 0, head.length);
            System.arraycopy(rest, 0, all, head.length, rest.length);
            assertThat(all).as("one complete version, never a mix").isEqualTo(first);
        }
        assertThat(fs.read(p("v.bin"))).isEqualTo(second);
    }

    @Test
    void stat_file_reportsKindSizeVersionAndTime() throws IOException {
        Version v = fs.atomicWrite(p("d/f.txt"), utf8("hello"), WriteOptions.durable(false));
        FileStat st = fs.stat(p("d/f.txt"));
        assertThat(st.path()).isEqualTo(p("d/f.txt"));
        assertThat(st.kind()).isEqualTo(EntryKind.FILE);
        assertThat(st.isDirectory()).isFalse();
        assertThat(st.size()).isEqualTo(5);
        assertThat(st.version()).isEqualTo(v);
        assertThat(st.lastModified()).isNotNull();
    }

    @Test
    void stat_directory_reportsDirectoryWithoutVersion() throws IOException {
        put("d/f.txt", "x");
        FileStat st = fs.stat(p("d"));
        assertThat(st.kind()).isEqualTo(EntryKind.DIRECTORY);
        assertThat(st.isDirectory()).isTrue();
        assertThat(st.size()).isZero();
        assertThat(st.version()).isNull();
    }

    @Test
    void stat_missing_throwsNoSuchFileNamingPath() {
        assertThatThrownBy(() -> fs.stat(p("a/b/c")))
                .isInstanceOf(NoSuchFileException.class)
                .satisfies(e -> assertNamesPath(e, p("a/b/c")));
    }

    @Test
    void stat_versionChangesWhenContentChanges() throws IOException {
        put("f", "one");
        Version v1 = fs.stat(p("f")).version();
        put("f", "two");
        Version v2 = fs.stat(p("f")).version();
        put("f", "three");
        Version v3 = fs.stat(p("f")).version();
        assertThat(v1).isNotEqualTo(v2);
        assertThat(v2).isNotEqualTo(v3);
        assertThat(v1).isNotEqualTo(v3);
    }

    @Test
    void stat_versionStableWhileUnchanged() throws IOException {
        put("f", "same");
        put("other", "unrelated write");
        assertThat(fs.stat(p("f")).version()).isEqualTo(fs.stat(p("f")).version());
    }

    @Test
    void exists_fileDirectoryMissingAndRoot() throws IOException {
        put("d/f.txt", "x");
        assertThat(fs.exists(p("d/f.txt"))).isTrue();
        assertThat(fs.exists(p("d"))).isTrue();
        assertThat(fs.exists(p("d/g.txt"))).isFalse();
        assertThat(fs.exists(p("e"))).isFalse();
        assertThat(fs.exists(VPath.ROOT)).isTrue();
    }

    @Test
    void exists_belowAFile_isFalse() throws IOException {
        put("f.txt", "x");
        assertThat(fs.exists(p("f.txt/child"))).isFalse();
    }

    @Test
    void exists_afterDelete_isFalse() throws IOException {
        put("f.txt", "x");
        fs.delete(p("f.txt"));
        assertThat(fs.exists(p("f.txt"))).isFalse();
    }
}
