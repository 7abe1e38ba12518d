package io.vikingfs.junit;

import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.WriteOptions;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EventType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * The annotation form on the JUnit Platform (EngineTestKit): parallel execution on (the parallel-off runs are
 * {@code SessionStoreBugsAreCaughtTest}'s), report entries, display names, and configuration errors that say what to
 * do.
 */
class CrashTestEngineTest {
    private static final VPath FILE = VPath.of("a/file.txt");

    /** Two crash tests in one class, one correct and one broken, to run side by side. */
    @VikingFsTest
    static class OneGoodOneBad {
        @CrashTest
        void durableWrite(VikingFs fs, Checkpoints checkpoints) throws IOException {
            fs.atomicWrite(FILE, "v1".getBytes(StandardCharsets.UTF_8), WriteOptions.DEFAULT);
            checkpoints.mark("written");
        }

        @CrashTest
        void nonDurableWrite(VikingFs fs, Checkpoints checkpoints) throws IOException {
            fs.atomicWrite(FILE, "v1".getBytes(StandardCharsets.UTF_8), WriteOptions.durable(false));
            checkpoints.mark("written");
        }

        @AfterCrash
        void writtenMeansThere(VikingFs recovered, CrashContext crash) throws IOException {
            if (crash.reached("written")) {
                assertThat(recovered.exists(FILE)).as("the file was written before the crash").isTrue();
            }
        }
    }

    @VikingFsTest
    static class NoCheck {
        @CrashTest
        void workload(VikingFs fs) throws IOException {
            fs.mkdirs(VPath.of("x"));
        }
    }

    private static EngineExecutionResults run(boolean parallel, DiscoverySelector... selectors) {
        EngineTestKit.Builder b = EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", Boolean.toString(parallel))
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent");
        return b.selectors(selectors).execute();
    }

    @Test
    void parallelExecutionOn_eachTestHasItsOwnStores_andTheVerdictsAreThoseOfASerialRun() {
        EngineExecutionResults results = run(true, selectClass(OneGoodOneBad.class),
                selectClass("io.vikingfs.junit.example.CorrectSessionStoreCrashTest"));
        results.testEvents().assertStatistics(s -> s.started(4).succeeded(3).failed(1));
        Event failed = results.testEvents().failed().list().get(0);
        assertThat(failed.getTestDescriptor().getDisplayName()).isEqualTo("nonDurableWrite(VikingFs, Checkpoints)");
        Throwable t = failed.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
        assertThat(t).isInstanceOf(CrashTestFailure.class)
                .hasMessageContaining("crash test 'OneGoodOneBad#nonDurableWrite' failed at crash point")
                .hasMessageContaining("the file was written before the crash")
                .hasMessageContaining("(power loss)");
        List<ReportEntry> entries = results.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getPayload(ReportEntry.class).orElseThrow()).toList();
        assertThat(entries).hasSize(4).allSatisfy(e -> assertThat(e.getKeyValuePairs()).containsKey("vikingfs.crash"));
        assertThat(entries).extracting(e -> e.getKeyValuePairs().get("vikingfs.crash"))
                .anySatisfy(v -> assertThat(v).contains("CorrectSessionStoreCrashTest#conversation").contains("passed"))
                .anySatisfy(v -> assertThat(v).contains("OneGoodOneBad#nonDurableWrite").contains("FAILED"));
    }

    @Test
    void aCrashTestWithoutCheck_failsSayingWhatToAdd() {
        EngineExecutionResults results = run(false, selectClass(NoCheck.class));
        results.testEvents().assertStatistics(s -> s.failed(1));
        Throwable t = results.testEvents().failed().list().get(0).getPayload(TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow();
        assertThat(t).hasMessageContaining("@CrashTest workload has nothing to check: add a method annotated @AfterCrash");
        assertThat(results.allEvents().list()).noneMatch(e -> e.getType() == EventType.REPORTING_ENTRY_PUBLISHED);
    }
}
