package io.vikingfs.junit;

import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.WriteOptions;

import java.io.IOException;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/** The README's "Crash-test your application" example, verbatim: it must compile and pass. */
@VikingFsTest
class ReadmeExampleTest {
    static final VPath REGISTRY = VPath.of("registry.json");
    static final VPath TRANSCRIPT = VPath.of("sessions/s1.jsonl");

    @CrashTest
    void startSession(VikingFs fs, Checkpoints checkpoints) throws IOException {
        // The registry first, durably: a transcript line must never refer to a session a crash could forget.
        fs.atomicWrite(REGISTRY, "{\"sessions\":[\"s1\"]}".getBytes(UTF_8), WriteOptions.DEFAULT);
        fs.append(TRANSCRIPT, "{\"event\":\"started\"}", true);
        checkpoints.mark("started");
    }

    @AfterCrash
    void noTranscriptWithoutItsSession(VikingFs recovered, CrashContext crash) throws IOException {
        if (recovered.exists(TRANSCRIPT) && !recovered.readRecords(TRANSCRIPT).records().isEmpty()) {
            assertThat(new String(recovered.read(REGISTRY), UTF_8)).as("the registry lists s1").contains("s1");
        }
        if (crash.reached("started")) {
            assertThat(recovered.readRecords(TRANSCRIPT).records()).containsExactly("{\"event\":\"started\"}");
        }
    }
}
