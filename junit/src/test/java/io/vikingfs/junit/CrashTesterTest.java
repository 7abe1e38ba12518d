package io.vikingfs.junit;

import io.vikingfs.VPath;
import io.vikingfs.WriteOptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The plain-Java form: a correct workload passes every state, a broken one is reported at its crash point. */
class CrashTesterTest {
    private static final VPath DATA = VPath.of("data/item.json");
    private static final VPath LOG = VPath.of("log.jsonl");

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Writes the item, then logs that it exists; {@code durableItem} decides whether the item survives a power loss. */
    private static CrashTester itemThenLog(boolean durableItem) {
        return CrashTester.of((fs, checkpoints) -> {
            fs.atomicWrite(DATA, utf8("{\"id\":1}"), WriteOptions.durable(durableItem));
            fs.append(LOG, "{\"wrote\":1}", true);
            checkpoints.mark("logged");
        }).check((recovered, crash) -> {
            if (recovered.exists(LOG) && !recovered.readRecords(LOG).records().isEmpty()) {
                assertThat(recovered.exists(DATA)).as("the log says item 1 was written").isTrue();
            }
            if (crash.reached("logged")) {
                assertThat(recovered.readRecords(LOG).records()).containsExactly("{\"wrote\":1}");
            }
        }).name("item then log");
    }

    @Test
    void correctWorkload_passesEveryState() throws IOException {
        CrashTestResult r = itemThenLog(true).run();
        assertThat(r.passed()).isTrue();
        assertThat(r.calls()).isEqualTo(2);
        assertThat(r.crashPoints()).isGreaterThan(5);
        assertThat(r.statesChecked()).isEqualTo(r.statesTotal()).isGreaterThan(r.crashPoints());
    }

    @Test
    void nonDurableItem_isCaught_withAReport() {
        assertThatThrownBy(() -> itemThenLog(false).run()).isInstanceOf(CrashTestFailure.class)
                .satisfies(e -> System.out.println(e.getMessage()))
                .hasMessageContaining("power loss")
                .hasMessageContaining("the log says item 1 was written")
                .hasMessageContaining("call in flight:")
                .hasMessageContaining("append(log.jsonl")
                .hasMessageContaining("replay:");
    }

    @Test
    void theReplayLine_checksExactlyTheFailingState() throws IOException {
        CrashTestResult failed = itemThenLog(false).explore();
        String report = failed.failure().orElseThrow();
        String token = report.replaceAll("(?s).*replay\\(\"([0-9:]+)\"\\).*", "$1");
        CrashTestResult replayed = itemThenLog(false).replay(token).explore();
        assertThat(replayed.statesChecked()).isEqualTo(1);
        assertThat(replayed.failure()).hasValue(report.replace("of " + failed.crashPoints() + " (",
                "of " + replayed.crashPoints() + " ("));
        assertThatThrownBy(() -> itemThenLog(false).replay("20261125:999:0").explore())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("names no state of this workload");
    }

    @Test
    void overBudget_aSeededSample_keepsEveryCrashPointsExtremes_andIsTheSameForTheSameSeed() throws IOException {
        CrashTestResult all = itemThenLog(true).explore();
        CrashTestResult sample = itemThenLog(true).maxStates(all.crashPoints() * 2L + 5).explore();
        assertThat(sample.statesTotal()).isEqualTo(all.statesTotal());
        assertThat(sample.statesChecked()).isLessThan(all.statesChecked()).isGreaterThanOrEqualTo(all.crashPoints());
        assertThat(sample.summary()).contains("seeded sample");
        // The broken workload's first failure is the point-1 "synced only"/"everything" extremes or sampled ones:
        // sampling must still find it (the lost directory is among every point's "synced only" state).
        assertThat(itemThenLog(false).maxStates(all.crashPoints() * 2L + 5).explore().passed()).isFalse();
    }

    @Test
    void processCrashOnly_doesNotLoseWhatTheDiskReceived() throws IOException {
        // A non-durable write survives a process crash: only the power-loss model finds this workload's bug.
        assertThat(itemThenLog(false).models(CrashModel.PROCESS_CRASH).explore().passed()).isTrue();
        assertThat(itemThenLog(false).models(CrashModel.POWER_LOSS).explore().passed()).isFalse();
    }

    @Test
    void aPowerLossState_isShrunkToTheLossesTheFailureNeeds() throws IOException {
        VPath log = VPath.of("c/log.jsonl");
        java.util.function.Supplier<CrashTester> tester = () -> CrashTester.of((fs, checkpoints) -> {
            fs.atomicWrite(VPath.of("a/unrelated.json"), utf8("{}"), WriteOptions.durable(false));
            fs.atomicWrite(VPath.of("b/needed.json"), utf8("{}"), WriteOptions.durable(false));
            fs.append(log, "{\"b\":\"written\"}", true);
        }).check((recovered, crash) -> {
            if (recovered.exists(log) && !recovered.readRecords(log).records().isEmpty()) {
                assertThat(recovered.exists(VPath.of("b/needed.json"))).as("the log refers to b/needed.json").isTrue();
            }
        });
        CrashTestResult explored = tester.get().explore();
        assertThat(explored.passed()).isFalse();
        // "synced only" after the last call loses both files' renames; only b's loss breaks the check.
        String token = CrashTester.DEFAULT_SEED + ":" + (explored.crashPoints() - 1) + ":0";
        String report = tester.get().replay(token).explore().failure().orElseThrow();
        assertThat(report).contains("state:            synced only").contains("unrelated.json");
        String shrunk = report.lines().filter(l -> l.contains("shrunk:")).findFirst().orElseThrow();
        assertThat(shrunk).contains("b/needed.json").doesNotContain("unrelated");
    }
}
