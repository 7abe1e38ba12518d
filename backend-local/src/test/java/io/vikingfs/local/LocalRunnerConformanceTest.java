package io.vikingfs.local;

import io.vikingfs.conformance.ConformanceRunner;
import io.vikingfs.conformance.ConformanceSummary;
import io.vikingfs.conformance.TestOutcome;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link ConformanceRunner} from code (as the CLI calls it) on a live local store: outcomes streamed and counted,
 * skips carrying the capability that caused them. Two areas keep it short; the whole suite runs in
 * {@link LocalConformanceTest}.
 */
class LocalRunnerConformanceTest {

    @Test
    void runner_selectedAreasOnLocalStore_reportEveryOutcome() {
        LocalJimfsConformanceTest suite = new LocalJimfsConformanceTest();
        List<TestOutcome> streamed = new ArrayList<>();
        ConformanceSummary summary = ConformanceRunner.run(suite::createFixture, Set.of("rename", "bad input: records"),
                streamed::add);

        assertThat(streamed).containsExactlyElementsOf(summary.outcomes());
        assertThat(summary.outcomes()).extracting(TestOutcome::area).containsOnly("rename", "bad input: records");
        assertThat(summary.failures()).as("%s", summary.failures()).isEmpty();
        assertThat(summary.isSuccess()).isTrue();
        assertThat(summary.total()).isGreaterThanOrEqualTo(30);
        // The local store declares DIRECTORY_RENAME, so the refusal check for stores without it is the one skip.
        assertThat(summary.skipped()).isEqualTo(1);
        assertThat(summary.outcomes()).filteredOn(o -> o.status() == TestOutcome.Status.SKIPPED).singleElement()
                .satisfies(o -> assertThat(o.message()).contains("DIRECTORY_RENAME"));
        assertThat(summary.outcomes()).anySatisfy(o -> assertThat(o.name())
                .contains("rename_targetExists_replacedWithReplace").contains("durable=false"));
        assertThat(summary.passed() + summary.skipped()).isEqualTo(summary.total());
    }

    @Test
    void runner_unknownArea_refusedNamingTheAreas() {
        assertThatThrownBy(() -> ConformanceRunner.run(() -> null, Set.of("nonsense"), o -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nonsense")
                .hasMessageContaining("atomicWrite");
        assertThat(ConformanceRunner.areas()).hasSize(14).contains("concurrency", "switchDirectory", "stage");
    }
}
