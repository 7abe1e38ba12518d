package io.vikingfs.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class DemoCommandTest {
    private static final String[] SMALL = {"--updates", "10", "--records", "40", "--generations", "5"};
    /** Without the readers of live: every other check still holds. */
    private static final String[] SMALL_NO_READERS = {"--updates", "10", "--records", "40", "--generations", "5",
            "--readers", "0"};
    @TempDir
    Path dir;

    @Test
    void demo_withoutReaders_passesEveryOtherCheck_andLeavesAStoreThatVerifies() {
        Cli cli = new Cli(dir);

        Cli.Result r = cli.run(concat("demo", SMALL_NO_READERS));

        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("registry:", "transcript:", "commits:", "PASS: 12 checks held, 1 skipped",
                "SKIP  readers only ever saw whole generations of live").doesNotContain("FAIL");
        assertThat(cli.run("verify").exit()).isZero();
        assertThat(cli.run("ls").outLines()).singleElement().asString().startsWith("demo-");
    }

    @Test
    void demo_onAGivenStore_passesEveryCheck_andLeavesAStoreThatVerifies() {
        Cli cli = new Cli(dir);

        Cli.Result r = cli.run(concat("demo", SMALL));

        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("registry:", "transcript:", "commits:", "PASS: every check held")
                .doesNotContain("FAIL");
        assertThat(r.outLines()).filteredOn(l -> l.startsWith("  PASS")).hasSizeGreaterThanOrEqualTo(10);
        assertThat(cli.run("verify").exit()).isZero();
        assertThat(cli.run("ls").outLines()).singleElement().asString().startsWith("demo-");
    }

    @Test
    void demo_twiceOnOneStore_worksInSeparateDirectories() {
        Cli cli = new Cli(dir);

        assertThat(cli.run(concat("demo", SMALL_NO_READERS)).exit()).isZero();
        assertThat(cli.run(concat("demo", SMALL_NO_READERS)).exit()).isZero();

        assertThat(cli.run("ls").outLines()).hasSize(2);
    }

    @Test
    void demo_withoutFs_usesATemporaryFolderAndRemovesItWhenEveryCheckPasses() {
        Cli.Result r = Cli.raw(new byte[0], concat("demo", SMALL_NO_READERS));

        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        Matcher m = Pattern.compile("the temporary store (.+) was removed").matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        assertThat(Files.exists(Path.of(m.group(1)))).isFalse();
    }

    @Test
    void demo_zeroThreads_isUsageError() {
        Cli.Result r = new Cli(dir).run("demo", "--writers", "0");

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.errLines()).singleElement().asString().contains("at least 1");
    }

    private static String[] concat(String first, String... rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
