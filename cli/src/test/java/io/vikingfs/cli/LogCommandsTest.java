package io.vikingfs.cli;

import io.vikingfs.VikingFs;
import io.vikingfs.conformance.StoreSnapshot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** append, tail, verify and repair, through the command line, on a temporary local store. */
class LogCommandsTest {
    @TempDir
    Path dir;

    Cli cli;

    @BeforeEach
    void setUp() {
        cli = new Cli(dir);
    }

    @Test
    void append_arguments_areOneBatchInOrder() {
        Cli.Result r = cli.run("append", "s/t.jsonl", "{\"n\":1}", "{\"n\":2}");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("appended 2 records to s/t.jsonl");
        assertThat(cli.run("tail", "s/t.jsonl").outLines()).containsExactly("{\"n\":1}", "{\"n\":2}");
    }

    @Test
    void append_stdin_takesOneRecordPerLine() {
        Cli.Result r = cli.runWithInput("{\"n\":1}\n{\"n\":2}\r\n{\"n\":3}", "append", "t.jsonl", "-");

        assertThat(r.exit()).isZero();
        assertThat(cli.run("tail", "t.jsonl").outLines()).containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
    }

    @Test
    void append_invalidRecord_isUsageErrorAndAppendsNothingOfTheBatch() {
        cli.run("append", "t.jsonl", "{\"n\":0}");

        Cli.Result r = cli.run("append", "t.jsonl", "{\"n\":1}", "bad\u0000record");

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.errLines()).singleElement().asString().contains("t.jsonl", "record 2", "U+0000");
        assertThat(cli.run("tail", "t.jsonl").outLines()).containsExactly("{\"n\":0}");
    }

    @Test
    void append_blankLineOnStdin_isRefusedWithItsIndex() {
        Cli.Result r = cli.runWithInput("{\"n\":1}\n\n{\"n\":2}\n", "append", "t.jsonl");

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("line 2 of stdin", "empty record");
        assertThat(cli.run("ls").out()).isEmpty();
    }

    @Test
    void append_notJsonLine_isRefusedWithExitTwo_namingLinePathAndRaw_andTheStoreIsUnchangedByteForByte()
            throws IOException {
        cli.run("append", "logs/t.jsonl", "{\"n\":0}");
        StoreSnapshot before = storeBytes();

        Cli.Result r = cli.runWithInput("{\"n\":1}\nnot json\n{\"n\":2}\n", "append", "logs/t.jsonl");

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.errLines()).singleElement().asString()
                .contains("logs/t.jsonl", "line 2 of stdin", "not one JSON value", "nothing was appended", "--raw");
        assertThat(storeBytes()).isEqualTo(before);
    }

    @Test
    void append_notJsonArgument_onANewLog_createsNothing() throws IOException {
        StoreSnapshot before = storeBytes();

        Cli.Result r = cli.run("append", "new/t.jsonl", "{\"n\":1}", "{\"n\":2} {\"n\":3}");

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("new/t.jsonl", "record 2", "a second value follows the first", "--raw");
        assertThat(storeBytes()).isEqualTo(before);
    }

    @Test
    void append_raw_appendsLinesThatAreNotJson() {
        Cli.Result r = cli.runWithInput("not json\n{\"n\":1}\n", "append", "--raw", "t.jsonl");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(cli.run("tail", "t.jsonl").outLines()).containsExactly("not json", "{\"n\":1}");
    }

    @Test
    void append_jsonValuesOfEveryKind_areAccepted() {
        Cli.Result r = cli.run("append", "t.jsonl", "1", "\"text\"", "[1,{\"a\":null}]", "true", " {\"padded\":1} ");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(cli.run("tail", "t.jsonl").outLines()).hasSize(5);
    }

    /** Every file and directory of the store with its bytes, as the conformance suite compares stores. */
    private StoreSnapshot storeBytes() throws IOException {
        try (VikingFs fs = VikingFs.open(dir.toUri())) {
            return StoreSnapshot.of(fs);
        }
    }

    @Test
    void append_stdinNotUtf8_isRefused() {
        Cli.Result r = cli.runWithInput(new byte[]{'{', (byte) 0xC3, '}', '\n'}, "append", "t.jsonl");

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("UTF-8");
        assertThat(cli.run("ls").out()).isEmpty();
    }

    @Test
    void tail_n_printsTheLastRecords() {
        for (int i = 0; i < 5; i++) {
            cli.run("append", "t.jsonl", "{\"n\":" + i + "}");
        }

        assertThat(cli.run("tail", "-n", "2", "t.jsonl").outLines()).containsExactly("{\"n\":3}", "{\"n\":4}");
        assertThat(cli.run("tail", "-n", "0", "t.jsonl").out()).isEmpty();
    }

    @Test
    void tail_missingLog_isNotFound() {
        assertThat(cli.run("tail", "none.jsonl").exit()).isEqualTo(ExitCodes.NOT_FOUND);
    }

    @Test
    void tail_negativeCount_isUsageError() {
        cli.run("append", "t.jsonl", "{}");

        assertThat(cli.run("tail", "-n", "-1", "t.jsonl").exit()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void tail_tornTail_showsCompleteRecordsAndReportsTheDamage() throws IOException {
        cli.run("append", "t.jsonl", "{\"n\":1}");
        tear(dir.resolve("t.jsonl"));

        Cli.Result r = cli.run("tail", "t.jsonl");

        assertThat(r.exit()).isZero();
        assertThat(r.outLines()).containsExactly("{\"n\":1}");
        assertThat(r.err()).contains("torn tail", "vikingfs repair");
    }

    @Test
    void tailFollow_printsRecordsAppendedLater_untilInterrupted() throws Exception {
        cli.run("append", "t.jsonl", "{\"n\":1}");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AtomicInteger exit = new AtomicInteger(-1);
        Thread follower = new Thread(() -> exit.set(new Main(new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()))
                .execute("--fs", cli.store(), "tail", "-f", "--poll-ms", "10", "t.jsonl")));
        follower.start();
        waitFor(out, "{\"n\":1}");

        cli.run("append", "t.jsonl", "{\"n\":2}");
        waitFor(out, "{\"n\":2}");
        follower.interrupt();
        follower.join();

        assertThat(exit.get()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).containsExactly("{\"n\":1}", "{\"n\":2}");
    }

    @Test
    void verify_cleanStore_exitsZero() {
        cli.run("append", "a/t.jsonl", "{}");
        cli.runWithInput("x", "put", "a/doc.json");

        Cli.Result r = cli.run("verify");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("2 files, 1 logs, 1 records", "OK");
    }

    @Test
    void verify_tornTail_isReportedWithExitFive_andRepairRemovesIt() throws IOException {
        cli.run("append", "a/t.jsonl", "{\"n\":1}", "{\"n\":2}");
        tear(dir.resolve("a/t.jsonl"));

        Cli.Result verify = cli.run("verify", "a");
        assertThat(verify.exit()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(verify.out()).contains("a/t.jsonl: torn tail at byte 16", "vikingfs repair");

        Cli.Result repair = cli.run("repair", "a");
        assertThat(repair.exit()).isZero();
        assertThat(repair.out()).contains("a/t.jsonl: removed a torn tail of 8 bytes");

        assertThat(cli.run("verify").exit()).isZero();
        assertThat(cli.run("tail", "a/t.jsonl").outLines()).containsExactly("{\"n\":1}", "{\"n\":2}");
        cli.run("append", "a/t.jsonl", "{\"n\":3}");
        assertThat(cli.run("tail", "a/t.jsonl").outLines()).containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
    }

    @Test
    void verify_oneLog_checksJustThatLog() throws IOException {
        cli.run("append", "good.jsonl", "{}");
        cli.run("append", "bad.jsonl", "{}");
        tear(dir.resolve("bad.jsonl"));

        assertThat(cli.run("verify", "good.jsonl").exit()).isZero();
        assertThat(cli.run("verify", "bad.jsonl").exit()).isEqualTo(ExitCodes.CHECK_FAILED);
    }

    @Test
    void repair_corruptLine_isKeptAndReported_withExitFive() throws IOException {
        cli.run("append", "t.jsonl", "{\"n\":1}");
        Files.write(dir.resolve("t.jsonl"), new byte[]{'{', (byte) 0xFF, '}', '\n'}, StandardOpenOption.APPEND);
        cli.run("append", "t.jsonl", "{\"n\":2}");

        Cli.Result verify = cli.run("verify");
        assertThat(verify.exit()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(verify.out()).contains("t.jsonl: corrupt line at byte 8");

        Cli.Result repair = cli.run("repair");
        assertThat(repair.exit()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(repair.out()).contains("kept 1 corrupt line");
        assertThat(cli.run("tail", "t.jsonl").outLines()).containsExactly("{\"n\":1}", "{\"n\":2}");
    }

    @Test
    void verify_missingPath_isNotFound() {
        assertThat(cli.run("verify", "nowhere").exit()).isEqualTo(ExitCodes.NOT_FOUND);
    }

    /** What a crash in the middle of an append leaves: part of a line, no newline. */
    private static void tear(Path log) throws IOException {
        Files.write(log, "{\"n\":\"to".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
    }

    private static void waitFor(ByteArrayOutputStream out, String text) throws InterruptedException {
        // Waits for the follower to print (bounded so a broken follower fails the test instead of hanging it).
        for (int i = 0; i < 3000 && !out.toString(StandardCharsets.UTF_8).contains(text); i++) {
            Thread.sleep(10);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(text);
    }
}
