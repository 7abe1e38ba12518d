package io.vikingfs.conformance;

import io.vikingfs.Capabilities;
import io.vikingfs.VikingFs;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runner on a backend that cannot even open a store: every test must come back FAILED (none silently passed
 * or skipped), each under its area, with the backend's error as the message. The passing side is proven by the
 * backends' own runner tests.
 */
class ConformanceRunnerTest {

    @Test
    void run_storeThatCannotOpen_reportsEveryTestFailedByArea() {
        List<TestOutcome> streamed = new ArrayList<>();
        ConformanceSummary summary = ConformanceRunner.run(() -> new BackendFixture() {
            @Override
            public VikingFs open() throws IOException {
                throw new IOException("backend unavailable for the runner test");
            }

            @Override
            public Capabilities expected() {
                return Capabilities.of();
            }
        }, streamed::add);

        System.out.println(summary);
        assertThat(summary.total()).isGreaterThanOrEqualTo(150);
        assertThat(summary.failed()).isEqualTo(summary.total());
        assertThat(summary.passed()).isZero();
        assertThat(summary.isSuccess()).isFalse();
        assertThat(streamed).containsExactlyElementsOf(summary.outcomes());
        assertThat(summary.failures()).allSatisfy(o ->
                assertThat(o.message()).contains("backend unavailable for the runner test"));
        Set<String> areas = summary.outcomes().stream().map(TestOutcome::area).collect(Collectors.toSet());
        assertThat(areas).contains("atomicWrite", "concurrency", "bad input: paths", "bad input: records",
                "switchDirectory", "list and walk");
        assertThat(summary.outcomes()).anySatisfy(o -> assertThat(o.name()).contains("1025-byte ASCII path"));
    }

    @Test
    void run_withoutFactory_liveSuiteRefusesToRunAlone() throws Exception {
        LiveStoreConformance suite = new LiveStoreConformance();
        org.assertj.core.api.Assertions.assertThatThrownBy(suite::createFixture)
                .isInstanceOf(IllegalStateException.class);
    }
}
