package io.vikingfs.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class StatsOptionTest {
    @TempDir
    Path dir;

    @Test
    void statsPrintsTheRunsCountersOnStderrAndLeavesStdoutAlone() {
        Cli.Result r = new Cli(dir).run("--stats", "append", "logs/a.jsonl", "{\"n\":1}", "{\"n\":2}");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("appended 2 records to logs/a.jsonl" + System.lineSeparator());
        assertThat(r.err()).contains("vikingfs stats for " + dir.toUri());
        assertThat(r.errLines()).anySatisfy(l -> assertThat(l).matches("\\s+append\\s+1\\s+.*"));
        assertThat(r.errLines()).anySatisfy(l -> assertThat(l).matches("\\s+records appended\\s+2"));
        assertThat(r.errLines()).anySatisfy(l -> assertThat(l).matches("\\s+fsync of a file\\s+1\\s+.*"));
    }

    @Test
    void withoutStatsNothingIsPrintedOnStderr() {
        Cli.Result r = new Cli(dir).run("append", "logs/a.jsonl", "{}");

        assertThat(r.exit()).isZero();
        assertThat(r.err()).isEmpty();
    }
}
