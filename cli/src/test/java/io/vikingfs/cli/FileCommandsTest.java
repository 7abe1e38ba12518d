package io.vikingfs.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** put, cat, ls, mv and switch, through the command line, on a temporary local store. */
class FileCommandsTest {
    @TempDir
    Path dir;

    @TempDir
    Path local;

    Cli cli;

    @org.junit.jupiter.api.BeforeEach
    void setUp() {
        cli = new Cli(dir);
    }

    @Test
    void put_fromStdin_printsTheVersionAndCatReadsItBack() {
        Cli.Result put = cli.runWithInput("{\"a\":1}\n", "put", "sessions/registry.json");

        assertThat(put.exit()).isZero();
        assertThat(put.outLines()).singleElement().asString().isNotBlank();
        Cli.Result cat = cli.run("cat", "sessions/registry.json");
        assertThat(cat.exit()).isZero();
        assertThat(cat.out()).isEqualTo("{\"a\":1}\n");
    }

    @Test
    void put_fromLocalFile_copiesItByteForByte() throws IOException {
        byte[] bytes = new byte[70_000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        Path source = Files.write(local.resolve("blob.bin"), bytes);

        assertThat(cli.run("put", "blobs/blob.bin", source.toString()).exit()).isZero();

        assertThat(cli.run("cat", "blobs/blob.bin").outBytes()).isEqualTo(bytes);
    }

    @Test
    void put_missingLocalSource_isNotFoundAndWritesNothing() {
        Cli.Result r = cli.run("put", "a.txt", local.resolve("nope.txt").toString());

        assertThat(r.exit()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(r.errLines()).singleElement().asString().contains("nope.txt");
        assertThat(cli.run("ls").out()).isEmpty();
    }

    @Test
    void put_ifAbsent_onExistingFile_failsWithPreconditionAndKeepsTheContent() {
        cli.runWithInput("first", "put", "a.txt");

        Cli.Result r = cli.runWithInput("second", "put", "--if-absent", "a.txt");

        assertThat(r.exit()).isEqualTo(ExitCodes.PRECONDITION);
        assertThat(r.errLines()).singleElement().asString().contains("a.txt", "ifAbsent");
        assertThat(cli.run("cat", "a.txt").out()).isEqualTo("first");
    }

    @Test
    void put_ifMatch_currentVersion_succeeds_andStaleVersion_failsWithPrecondition() {
        String v1 = cli.runWithInput("one", "put", "a.txt").out().trim();
        Cli.Result second = cli.runWithInput("two", "put", "--if-match", v1, "a.txt");
        assertThat(second.exit()).isZero();

        Cli.Result stale = cli.runWithInput("three", "put", "--if-match", v1, "a.txt");

        assertThat(stale.exit()).isEqualTo(ExitCodes.PRECONDITION);
        assertThat(stale.errLines()).hasSize(1);
        assertThat(cli.run("cat", "a.txt").out()).isEqualTo("two");
    }

    @Test
    void put_ifAbsentAndIfMatchTogether_isUsageError() {
        Cli.Result r = cli.runWithInput("x", "put", "--if-absent", "--if-match", "v", "a.txt");

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.run("ls").out()).isEmpty();
    }

    @Test
    void put_noDurable_isVisibleAtOnce() {
        assertThat(cli.runWithInput("quick", "put", "--no-durable", "a.txt").exit()).isZero();

        assertThat(cli.run("cat", "a.txt").out()).isEqualTo("quick");
    }

    @Test
    void cat_missingFile_isNotFoundOnOneLine() {
        Cli.Result r = cli.run("cat", "missing.txt");

        assertThat(r.exit()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(r.errLines()).singleElement().asString().contains("missing.txt", "vikingfs ls");
    }

    @Test
    void ls_listsSortedWithDirectoriesMarked_andRecursiveWalksEverything() {
        cli.runWithInput("b", "put", "b.txt");
        cli.runWithInput("a", "put", "a.txt");
        cli.runWithInput("c", "put", "dir/c.txt");

        assertThat(cli.run("ls").outLines()).containsExactly("a.txt", "b.txt", "dir/");
        assertThat(cli.run("ls", "dir").outLines()).containsExactly("dir/c.txt");
        assertThat(cli.run("ls", "-R").outLines()).containsExactly("a.txt", "b.txt", "dir/", "dir/c.txt");
    }

    @Test
    void ls_long_showsSizeAndTheVersionPutPrinted() {
        String version = cli.runWithInput("12345", "put", "a.txt").out().trim();

        Cli.Result r = cli.run("ls", "-l");

        assertThat(r.outLines()).singleElement().asString().contains("file", "5", version, "a.txt");
    }

    @Test
    void ls_ofAFile_printsThatFile() {
        cli.runWithInput("x", "put", "dir/a.txt");

        assertThat(cli.run("ls", "dir/a.txt").outLines()).containsExactly("dir/a.txt");
    }

    @Test
    void ls_missingDirectory_isNotFound() {
        assertThat(cli.run("ls", "nowhere").exit()).isEqualTo(ExitCodes.NOT_FOUND);
    }

    @Test
    void mv_renamesAFile() {
        cli.runWithInput("x", "put", "a.txt");

        Cli.Result r = cli.run("mv", "a.txt", "archive/a.txt");

        assertThat(r.exit()).isZero();
        assertThat(cli.run("ls", "-R").outLines()).containsExactly("archive/", "archive/a.txt");
    }

    @Test
    void mv_ontoExistingFile_failsWithoutReplace_andReplacesWithIt() {
        cli.runWithInput("new", "put", "a.txt");
        cli.runWithInput("old", "put", "b.txt");

        Cli.Result refused = cli.run("mv", "a.txt", "b.txt");
        assertThat(refused.exit()).isEqualTo(ExitCodes.PRECONDITION);
        assertThat(refused.errLines()).singleElement().asString().contains("b.txt", "--replace");
        assertThat(cli.run("cat", "b.txt").out()).isEqualTo("old");

        assertThat(cli.run("mv", "--replace", "a.txt", "b.txt").exit()).isZero();
        assertThat(cli.run("cat", "b.txt").out()).isEqualTo("new");
        assertThat(cli.run("ls").outLines()).containsExactly("b.txt");
    }

    @Test
    void mv_missingSource_isNotFound() {
        assertThat(cli.run("mv", "nope", "dst").exit()).isEqualTo(ExitCodes.NOT_FOUND);
    }

    @Test
    void switch_replacesLiveWithStaged() {
        cli.runWithInput("old", "put", "staging-1/only-old.txt");
        assertThat(cli.run("switch", "staging-1", "live").exit()).isZero();
        cli.runWithInput("new", "put", "staging-2/only-new.txt");

        Cli.Result r = cli.run("switch", "staging-2", "live");

        assertThat(r.exit()).isZero();
        assertThat(cli.run("ls", "-R").outLines()).containsExactly("live/", "live/only-new.txt");
        assertThat(cli.run("cat", "live/only-new.txt").out()).isEqualTo("new");
    }

    @Test
    void switch_missingStaged_isNotFoundAndLeavesLive() {
        cli.runWithInput("v", "put", "staging/f.txt");
        cli.run("switch", "staging", "live");

        Cli.Result r = cli.run("switch", "nope", "live");

        assertThat(r.exit()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(cli.run("cat", "live/f.txt").out()).isEqualTo("v");
    }

    @Test
    void put_leadingSlash_meansTheSamePath() {
        cli.runWithInput("x", "put", "/a.txt");

        assertThat(new String(cli.run("cat", "a.txt").outBytes(), StandardCharsets.UTF_8)).isEqualTo("x");
    }
}
