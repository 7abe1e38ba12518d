package io.vikingfs.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ConformanceCommandTest {
    @TempDir
    Path dir;

    @Test
    void conformance_oneArea_onALocalFolder_passesPrintsTheTableAndRemovesItsStores() {
        Cli cli = new Cli(dir);

        Cli.Result r = cli.run("conformance", "--area", "read, newInputStream, stat, exists");

        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains("ATOMIC_FILE_RENAME", "read, newInputStream, stat, exists", "PASS:");
        assertThat(r.outLines()).anySatisfy(l -> assertThat(l).matches("total\\s+\\d+\\s+0\\s+\\d+"));
        assertThat(cli.run("ls").out()).isEmpty();
    }

    @Test
    void conformance_unknownArea_isUsageErrorListingTheAreas() {
        Cli.Result r = new Cli(dir).run("conformance", "--area", "teleportation");

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.errLines()).singleElement().asString().contains("teleportation", "atomicWrite");
    }
}
