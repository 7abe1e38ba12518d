package io.vikingfs.conformance;

import io.vikingfs.Capability;
import io.vikingfs.RenameOptions;
import io.vikingfs.UnsupportedByBackendException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** {@code rename} of files and directories: replace or not, missing source, new parents, durable and not. */
public abstract class RenameCases extends StoreCase {
    private static final RenameOptions NO_REPLACE = RenameOptions.DEFAULT;
    private static final RenameOptions REPLACE = RenameOptions.DEFAULT.withReplace(true);

    @ParameterizedTest(name = "durable={0}")
    @ValueSource(booleans = {true, false})
    void rename_file_bytesMoveAndSourceIsGone(boolean durable) throws IOException {
        put("src.txt", "payload");
        fs.rename(p("src.txt"), p("dst.txt"), NO_REPLACE.withDurable(durable));
        assertThat(read("dst.txt")).isEqualTo("payload");
        assertThat(fs.exists(p("src.txt"))).isFalse();
        assertThat(names(io.vikingfs.VPath.ROOT)).containsExactly("dst.txt");
    }

    @Test
    void rename_file_intoMissingParents_createsThem() throws IOException {
        put("a.txt", "x");
        fs.rename(p("a.txt"), p("new/deep/b.txt"), NO_REPLACE);
        assertThat(read("new/deep/b.txt")).isEqualTo("x");
        assertThat(fs.stat(p("new/deep")).isDirectory()).isTrue();
    }

    @Test
    void rename_targetExists_failsWithoutReplace() throws IOException {
        put("a", "A");
        put("b", "B");
        StoreSnapshot before = snapshot();
        assertThatThrownBy(() -> fs.rename(p("a"), p("b"), NO_REPLACE))
                .isInstanceOf(FileAlreadyExistsException.class)
                .satisfies(e -> assertNamesPath(e, p("b")));
        assertThat(snapshot()).isEqualTo(before);
    }

    @ParameterizedTest(name = "durable={0}")
    @ValueSource(booleans = {true, false})
    void rename_targetExists_replacedWithReplace(boolean durable) throws IOException {
        put("a", "A");
        put("b", "B");
        fs.rename(p("a"), p("b"), REPLACE.withDurable(durable));
        assertThat(read("b")).isEqualTo("A");
        assertThat(fs.exists(p("a"))).isFalse();
    }

    @Test
    void rename_missingSource_throwsNoSuchFileAndCreatesNothing() throws IOException {
        put("other", "o");
        StoreSnapshot before = snapshot();
        assertThatThrownBy(() -> fs.rename(p("ghost"), p("dst/ghost"), NO_REPLACE))
                .isInstanceOf(NoSuchFileException.class)
                .satisfies(e -> assertNamesPath(e, p("ghost")));
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void rename_fileOntoDirectory_failsEvenWithReplace() throws IOException {
        put("f", "file");
        put("d/inner", "kept");
        StoreSnapshot before = snapshot();
        assertThatThrownBy(() -> fs.rename(p("f"), p("d"), REPLACE)).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void rename_file_statAtTargetReportsSizeAndVersion() throws IOException {
        put("x", "12345");
        fs.rename(p("x"), p("y"), NO_REPLACE);
        assertThat(fs.stat(p("y")).size()).isEqualTo(5);
        assertThat(fs.stat(p("y")).version()).isNotNull();
    }

    @ParameterizedTest(name = "durable={0}")
    @ValueSource(booleans = {true, false})
    void rename_directory_movesWholeTree(boolean durable) throws IOException {
        assumeCapability(Capability.DIRECTORY_RENAME);
        put("tree/a.txt", "a");
        put("tree/sub/b.txt", "b");
        fs.mkdirs(p("tree/empty"));
        Map<String, String> content = snapshot().under(p("tree"));
        fs.rename(p("tree"), p("moved/tree2"), NO_REPLACE.withDurable(durable));
        assertThat(fs.exists(p("tree"))).isFalse();
        assertThat(snapshot().under(p("moved/tree2"))).isEqualTo(content);
    }

    @Test
    void rename_directoryOntoExistingDirectory_failsEvenWithReplace() throws IOException {
        assumeCapability(Capability.DIRECTORY_RENAME);
        put("d1/a", "1");
        fs.mkdirs(p("d2"));
        StoreSnapshot before = snapshot();
        assertThatThrownBy(() -> fs.rename(p("d1"), p("d2"), REPLACE)).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void rename_directoryOntoFile_failsWithoutReplace() throws IOException {
        assumeCapability(Capability.DIRECTORY_RENAME);
        put("d1/a", "1");
        put("f", "file");
        StoreSnapshot before = snapshot();
        assertThatThrownBy(() -> fs.rename(p("d1"), p("f"), NO_REPLACE)).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void rename_directoryIntoItself_failsAndChangesNothing() throws IOException {
        assumeCapability(Capability.DIRECTORY_RENAME);
        put("d/a", "1");
        StoreSnapshot before = snapshot();
        assertThatThrownBy(() -> fs.rename(p("d"), p("d/inside"), NO_REPLACE)).isInstanceOf(IOException.class);
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void rename_directoryWithoutCapability_refusedAndChangesNothing() throws IOException {
        assumeFalse(caps.has(Capability.DIRECTORY_RENAME), "backend declares DIRECTORY_RENAME");
        put("tree/a.txt", "a");
        StoreSnapshot before = snapshot();
        assertThatThrownBy(() -> fs.rename(p("tree"), p("tree2"), NO_REPLACE))
                .isInstanceOfSatisfying(UnsupportedByBackendException.class,
                        e -> assertThat(e.missing()).isEqualTo(Capability.DIRECTORY_RENAME));
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void rename_thenAppendAtNewName_continuesTheLog() throws IOException {
        fs.append(p("logs/a.jsonl"), "1", false);
        fs.rename(p("logs/a.jsonl"), p("logs/b.jsonl"), NO_REPLACE);
        fs.append(p("logs/b.jsonl"), "2", false);
        fs.append(p("logs/a.jsonl"), "fresh", false);
        assertThat(read("logs/b.jsonl")).isEqualTo("1\n2\n");
        assertThat(read("logs/a.jsonl")).isEqualTo("fresh\n");
    }
}
