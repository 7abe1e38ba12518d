package io.vikingfs.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class MainTest {
    @TempDir
    Path dir;

    @Test
    void help_listsEveryCommandAndNamesTheDefaultStore() {
        Cli.Result r = Cli.raw(new byte[0], "--help");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("ls", "cat", "put", "append", "tail", "mv", "switch", "verify", "repair",
                "demo", "conformance", "--fs", Main.DEFAULT_FOLDER, "Exit codes");
    }

    @Test
    void unknownCommand_isUsageErrorOnOneLine() {
        Cli.Result r = Cli.raw(new byte[0], "frobnicate");

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("frobnicate");
    }

    @Test
    void unknownOption_isUsageErrorNamingIt() {
        Cli.Result r = new Cli(dir).run("ls", "--colour");

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.errLines()).singleElement().asString().contains("--colour");
    }

    @Test
    void fsWithoutScheme_isUsageErrorSayingWhichSchemesExist() {
        Cli.Result r = Cli.raw(new byte[0], "--fs", "relative/folder", "ls");

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.errLines()).singleElement().asString().contains("relative/folder", "file:/abs/dir");
    }

    @Test
    void fsWithUnknownScheme_failsOnOneLineNamingTheScheme() {
        Cli.Result r = Cli.raw(new byte[0], "--fs", "ftp://example.org/x", "ls");

        assertThat(r.exit()).isEqualTo(ExitCodes.IO);
        assertThat(r.errLines()).singleElement().asString().contains("ftp");
        assertThat(r.err()).doesNotContain("\tat ");
    }

    @Test
    void debug_addsTheStackTrace() {
        Cli.Result r = Cli.raw(new byte[0], "--debug", "--fs", "ftp://example.org/x", "ls");

        assertThat(r.exit()).isEqualTo(ExitCodes.IO);
        assertThat(r.err()).contains("\tat ");
    }

    @Test
    void fs_isAcceptedAfterTheSubcommandToo() {
        Cli.Result put = Cli.raw("hello".getBytes(), "put", "--fs", dir.toUri().toString(), "a.txt");
        Cli.Result cat = Cli.raw(new byte[0], "cat", "a.txt", "--fs", dir.toUri().toString());

        assertThat(put.exit()).isZero();
        assertThat(cat.out()).isEqualTo("hello");
    }

    @Test
    void invalidPath_isUsageErrorNamingThePathAndRule() {
        Cli.Result r = new Cli(dir).run("cat", "a/../b");

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.errLines()).singleElement().asString().contains("a/../b", "dot segment");
    }

    @Test
    void reservedName_isUsageError() {
        Cli.Result r = new Cli(dir).runWithInput("x", "put", ".vfs-mine");

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains(".vfs-mine", "reserved");
        assertThat(new Cli(dir).run("ls").out()).isEmpty();
    }

    @Test
    void conformance_unknownScheme_failsOnOneLineBeforeRunningAnything() {
        Cli.Result r = Cli.raw(new byte[0], "--fs", "ftp://example.org/x", "conformance");

        assertThat(r.exit()).isEqualTo(ExitCodes.IO);
        assertThat(r.errLines()).singleElement().asString().contains("ftp");
        assertThat(r.out()).isEmpty();
    }
}
