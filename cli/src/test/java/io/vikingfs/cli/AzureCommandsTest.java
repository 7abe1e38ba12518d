package io.vikingfs.cli;

import io.vikingfs.azure.EmbeddedAzurite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The commands on {@code az://…}: on an Azurite by endpoint, and with no endpoint on one started for the command. */
class AzureCommandsTest {
    private static EmbeddedAzurite azurite;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(EmbeddedAzurite.missing().isEmpty(), () -> EmbeddedAzurite.missing().orElse(""));
        azurite = EmbeddedAzurite.start();
    }

    @AfterAll
    static void stop() {
        if (azurite != null) {
            azurite.close();
        }
    }

    private static String store() {
        return "az://cli-" + UUID.randomUUID().toString().substring(0, 8) + "/p?endpoint="
                + URLEncoder.encode(azurite.endpoint().toString(), StandardCharsets.UTF_8);
    }

    private static Cli.Result run(String store, String stdin, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--fs";
        all[1] = store;
        System.arraycopy(args, 0, all, 2, args.length);
        return Cli.raw(stdin.getBytes(StandardCharsets.UTF_8), all);
    }

    @Test
    void everyCommand_worksOnAnAzureStore() {
        String fs = store();
        assertThat(run(fs, "{\"a\":1}", "put", "sessions/registry.json").exit()).isZero();
        assertThat(run(fs, "", "cat", "sessions/registry.json").out()).isEqualTo("{\"a\":1}");
        assertThat(run(fs, "", "append", "sessions/s1.jsonl", "{\"n\":1}", "{\"n\":2}").exit()).isZero();
        assertThat(run(fs, "", "tail", "-n", "1", "sessions/s1.jsonl").outLines()).containsExactly("{\"n\":2}");
        assertThat(run(fs, "", "mv", "sessions/registry.json", "archive/registry.json").exit()).isZero();
        assertThat(run(fs, "", "ls", "-R").outLines())
                .containsExactly("archive/", "archive/registry.json", "sessions/", "sessions/s1.jsonl");
        assertThat(run(fs, "v2", "put", "staged/f.txt").exit()).isZero();
        assertThat(run(fs, "", "switch", "staged", "live").exit()).isZero();
        assertThat(run(fs, "", "cat", "live/f.txt").out()).isEqualTo("v2");
        assertThat(run(fs, "", "verify").exit()).isZero();
        assertThat(run(fs, "", "repair").exit()).isZero();
    }

    @Test
    void withoutAnEndpoint_anAzuriteIsStartedForTheCommand() {
        Cli.Result r = run("az://first-try/p", "hello", "put", "a.txt");
        assertThat(r.exit()).as(r.err()).isZero();
    }

    @Test
    void aBadContainerName_isRefusedNamingIt() {
        Cli.Result r = run("az://Bad_Name/p?endpoint=" + URLEncoder.encode(azurite.endpoint().toString(),
                StandardCharsets.UTF_8), "x", "put", "a.txt");
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("container name 'Bad_Name'");
    }
}
