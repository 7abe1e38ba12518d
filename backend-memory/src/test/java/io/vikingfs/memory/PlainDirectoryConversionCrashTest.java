package io.vikingfs.memory;

import io.vikingfs.conformance.crash.Call;
import io.vikingfs.conformance.crash.CrashExplorer;
import io.vikingfs.conformance.crash.CrashReport;
import io.vikingfs.conformance.crash.ExplorerOptions;
import io.vikingfs.conformance.crash.Violation;
import io.vikingfs.conformance.crash.Workload;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first {@code switchDirectory} onto a plain directory converts it once (DirectorySwitch's Javadoc): a durable
 * intent, {@code live} renamed to generation 0, its parent synced, then the pointer. The explorer's other workloads
 * switch onto an absent or already switched {@code live}, so this one crashes a conversion at every step, under
 * both power-loss models: {@code live} must be the old tree or the new one (D1–D3), recovery rolling a half-done
 * conversion forward — never a pointer to a generation whose rename was lost, never generation 0 reclaimed.
 */
class PlainDirectoryConversionCrashTest {
    private static final Workload CONVERSION = new Workload("switch-onto-a-plain-directory",
            List.of(new Call.Write("live/1.json", "{\"m\":1}", true, false),
                    new Call.Write("staged/1.json", "{\"m\":1,\"gen\":1}", true, false)),
            List.of(new Call.Switch("staged", "live", true)));

    @Test
    void aConversionCrashedAtAnyStep_leavesLiveWhole_underBothModels() throws IOException {
        CrashReport report = new CrashReport();
        List<Violation> found = new CrashExplorer(new MemoryCrashableStores("memory", MemoryVikingFs.Layers.NONE),
                ExplorerOptions.defaults(), report).explore(CONVERSION);
        assertThat(found).isEmpty();
        assertThat(report.byModel()).containsOnlyKeys("journaling", "strict");
        report.byModel().values().forEach(figures -> assertThat(figures.get("states")).isPositive());
    }
}
