package io.vikingfs.junit;

import io.vikingfs.Capability;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.WriteOptions;
import io.vikingfs.memory.MemoryVikingFs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedFileSystemException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Store injection: a fresh store per test, shared by its lifecycle methods, closed after it, optionally filled. */
@VikingFsTest
class VikingFsExtensionTest {
    private static final VPath NOTE = VPath.of("note.txt");
    private static MemoryVikingFs previous;
    private MemoryVikingFs fromBeforeEach;

    @BeforeEach
    void remember(MemoryVikingFs fs) {
        fromBeforeEach = fs;
    }

    @AfterEach
    void stillOpenDuringAfterEach(VikingFs fs) throws IOException {
        assertThat(fs.exists(NOTE)).isTrue(); // every test below leaves the note; closed only after this
        previous = fromBeforeEach;
    }

    @Test
    void aTest_getsAnEmptyStore_sharedWithItsLifecycleMethods(VikingFs fs, MemoryVikingFs same) throws IOException {
        assertThat(fs).isSameAs(same).isSameAs(fromBeforeEach);
        assertThat(fs.list(VPath.ROOT)).isEmpty();
        assertThat(fs.capabilities().has(Capability.POWER_LOSS_SIMULATION)).isTrue();
        fs.atomicWrite(NOTE, "x".getBytes(StandardCharsets.UTF_8), WriteOptions.DEFAULT);
    }

    @Test
    void theNextTest_getsAnotherStore_andThePreviousOneIsClosed(VikingFs fs) throws IOException {
        assertThat(fs.exists(NOTE)).isFalse();
        if (previous != null) {
            assertThat(previous).isNotSameAs(fs);
            assertThatThrownBy(() -> previous.exists(NOTE)).isInstanceOf(ClosedFileSystemException.class);
        }
        fs.atomicWrite(NOTE, "y".getBytes(StandardCharsets.UTF_8), WriteOptions.DEFAULT);
    }

    @Test
    @StoreContent("fixtures/sessions")
    void storeContent_copiesTheResourceFolder_durably(MemoryVikingFs fs) throws IOException {
        assertThat(new String(fs.read(VPath.of("registry.json")), StandardCharsets.UTF_8)).isEqualTo("{\"sessions\":[\"s1\"]}");
        assertThat(fs.readRecords(VPath.of("s1/transcript.jsonl")).records()).containsExactly("{\"turn\":1}");
        try (MemoryVikingFs afterPowerLoss = fs.crash(io.vikingfs.memory.CrashOptions.syncedOnly())) {
            assertThat(afterPowerLoss.exists(VPath.of("s1/transcript.jsonl"))).isTrue();
        }
        fs.atomicWrite(NOTE, "z".getBytes(StandardCharsets.UTF_8), WriteOptions.DEFAULT);
    }
}
