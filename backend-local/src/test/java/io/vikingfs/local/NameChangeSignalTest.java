package io.vikingfs.local;

import io.vikingfs.RenameOptions;
import io.vikingfs.VPath;
import io.vikingfs.WriteOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An append right after this JVM changed what the log's path names goes to the file the path names now
 * ({@link NameChangeSignal}, field cases 7): a log appended to under a held {@code FileLock} skips the check of
 * its path for up to {@link BurstLocks#RECHECK_NANOS}, except after a change of names in this JVM. The changes
 * here — its parent directory renamed away or switched to another tree, the log deleted — need not end the log's
 * hold, so only the signal makes the next append look. Each is repeated: an append that happens to come a millisecond
 * later is re-checked anyway, and one repetition inside the window is enough to see a record go astray.
 */
class NameChangeSignalTest {
    private static final int ROUNDS = 20;

    @TempDir
    Path tmp;
    private Stores stores;

    @AfterEach
    void tearDown() throws IOException {
        if (stores != null) {
            stores.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"disk", "jimfs"})
    void anAppendAfterItsDirectoryWasRenamedAway_createsANewLog(String where) throws IOException {
        stores = Stores.on(where, tmp);
        LocalVikingFs fs = stores.open();
        for (int i = 0; i < ROUNDS; i++) {
            VPath log = VPath.of("d" + i + "/log.jsonl");
            fs.append(log, "{\"before\":" + i + "}", false);
            fs.rename(VPath.of("d" + i), VPath.of("moved" + i), RenameOptions.DEFAULT.withDurable(false));
            fs.append(log, "{\"after\":" + i + "}", false);
            assertThat(fs.readRecords(log).records()).as("round %d: the log at the old path", i)
                    .containsExactly("{\"after\":" + i + "}");
            assertThat(fs.readRecords(VPath.of("moved" + i + "/log.jsonl")).records()).as("round %d: the moved log", i)
                    .containsExactly("{\"before\":" + i + "}");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"disk", "jimfs"})
    void anAppendAfterItsLogWasDeleted_createsANewLog(String where) throws IOException {
        stores = Stores.on(where, tmp);
        LocalVikingFs fs = stores.open();
        for (int i = 0; i < ROUNDS; i++) {
            VPath log = VPath.of("del/log-" + i + ".jsonl");
            fs.append(log, "{\"deleted\":" + i + "}", false);
            fs.delete(log);
            fs.append(log, "{\"after\":" + i + "}", false);
            assertThat(fs.readRecords(log).records()).as("round %d", i).containsExactly("{\"after\":" + i + "}");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"disk", "jimfs"})
    void anAppendAfterItsDirectoryWasSwitched_goesToTheNewTree(String where) throws IOException {
        stores = Stores.on(where, tmp);
        LocalVikingFs fs = stores.open();
        VPath log = VPath.of("live/log.jsonl");
        for (int i = 0; i < ROUNDS; i++) {
            fs.append(log, "{\"old\":" + i + "}", false);
            fs.atomicWrite(VPath.of("staged/log.jsonl"), ("{\"staged\":" + i + "}\n").getBytes(StandardCharsets.UTF_8),
                    WriteOptions.DEFAULT.withDurable(false));
            fs.switchDirectory(VPath.of("staged"), VPath.of("live"), false);
            fs.append(log, "{\"new\":" + i + "}", false);
            assertThat(fs.readRecords(log).records()).as("round %d: the switched tree's log", i)
                    .containsExactly("{\"staged\":" + i + "}", "{\"new\":" + i + "}");
        }
    }
}
