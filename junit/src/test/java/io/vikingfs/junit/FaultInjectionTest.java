package io.vikingfs.junit;

import io.vikingfs.DurabilityLostException;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.WriteOptions;
import io.vikingfs.memory.Faults;
import io.vikingfs.memory.MemoryVikingFs;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Fault injection for user code: a failed flush, a full disk, a short write — through the extension and plain. */
@VikingFsTest
class FaultInjectionTest {
    private static final VPath LOG = VPath.of("transcript.jsonl"); // at the root: no new directory to flush
    private static final VPath FILE = VPath.of("registry.json");

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void thirdFlushFails_theCallGetsDurabilityLost_andFurtherWritesThereAreRefused(
            @InjectFaults(failFlush = 3) VikingFs fs) throws IOException {
        fs.append(LOG, "{\"n\":1}", false); // no flush
        fs.append(LOG, "{\"n\":2}", true);  // flushes #1 and #2: the file and its new directory entry
        assertThatThrownBy(() -> fs.append(LOG, "{\"n\":3}", true)) // flush #3 (the file) fails
                .isInstanceOf(DurabilityLostException.class).hasMessageContaining("transcript.jsonl")
                .hasMessageContaining("injected failure of flush #3");
        assertThatThrownBy(() -> fs.append(LOG, "{\"n\":4}", false)).isInstanceOf(DurabilityLostException.class);
        fs.atomicWrite(FILE, utf8("other files still work"), WriteOptions.DEFAULT);
    }

    @Test
    @InjectFaults(diskFullAfterBytes = 100)
    void fullDisk_failsTheWriteThatDoesNotFit_andLeavesTheOldContent(MemoryVikingFs fs) throws IOException {
        fs.atomicWrite(FILE, utf8("{\"v\":1}"), WriteOptions.DEFAULT);
        assertThatThrownBy(() -> fs.atomicWrite(FILE, new byte[200], WriteOptions.DEFAULT))
                .isInstanceOf(IOException.class).hasMessageContaining("No space left on device");
        assertThat(fs.read(FILE)).isEqualTo(utf8("{\"v\":1}")); // an atomic write is all or nothing, even here
    }

    @Test
    void shortWrite_ofAnAppend_leavesNoTornRecordVisible() throws IOException {
        try (MemoryVikingFs fs = MemoryVikingFs.create(Faults.shortWrite(2, 3))) {
            fs.append(LOG, "{\"n\":1}", false);
            assertThatThrownBy(() -> fs.append(LOG, "{\"n\":2}", false)).isInstanceOf(IOException.class)
                    .hasMessageContaining("short write");
            fs.append(LOG, "{\"n\":3}", false); // the torn bytes are cut first
            assertThat(fs.readRecords(LOG).records()).containsExactly("{\"n\":1}", "{\"n\":3}");
        }
    }

    @Test
    void crashTestWithAFailedFlush_exploresTheApplicationsErrorPath() throws IOException {
        // The application retries a failed durable append once by writing the record to a fallback file durably.
        CrashTester tester = CrashTester.of((fs, checkpoints) -> {
            fs.append(LOG, "{\"n\":0}", false);
            fs.append(LOG, "{\"n\":1}", true); // flushes #1 and #2: the file and its new directory entry
            try {
                fs.append(LOG, "{\"n\":2}", true); // flush #3, of the log file, fails
            } catch (DurabilityLostException e) {
                fs.atomicWrite(VPath.of("fallback.json"), utf8("{\"n\":2}"), WriteOptions.DEFAULT);
            }
            checkpoints.mark("saved");
        }).check((recovered, crash) -> {
            if (crash.reached("saved")) {
                assertThat(recovered.exists(VPath.of("fallback.json")) || (recovered.exists(LOG)
                        && recovered.readRecords(LOG).records().contains("{\"n\":2}")))
                        .as("record 2 was saved (log or fallback) before the crash").isTrue();
            }
        }).faults(Faults.failFlush(3));
        CrashTestResult r = tester.run();
        assertThat(r.calls()).isEqualTo(4); // three appends, then the fallback: the fault was injected: the fault was injected
    }

    @Test
    void crashTestWithAFailedFlush_catchesAnApplicationThatSwallowsIt() {
        CrashTester swallowing = CrashTester.of((fs, checkpoints) -> {
            fs.append(LOG, "{\"n\":0}", false);
            fs.append(LOG, "{\"n\":1}", true);
            try {
                fs.append(LOG, "{\"n\":2}", true);
            } catch (DurabilityLostException e) {
                // the naive application logs and carries on, telling the user record 2 is saved
            }
            checkpoints.mark("saved");
        }).check((recovered, crash) -> {
            if (crash.reached("saved")) {
                assertThat(recovered.readRecords(LOG).records()).as("record 2 was saved before the crash")
                        .contains("{\"n\":2}");
            }
        }).faults(Faults.failFlush(3));
        assertThatThrownBy(swallowing::run).isInstanceOf(CrashTestFailure.class)
                .hasMessageContaining("record 2 was saved before the crash").hasMessageContaining("(power loss)");
    }
}
