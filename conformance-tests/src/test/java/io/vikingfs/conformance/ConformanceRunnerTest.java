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
    void run_storeWhoseVerdictRefuses_reportsRefusedApart_withTheVerdictOnce() {
        String verdict = "the store X cannot keep 'append (multi-client)': create-only PUT ignored (store audit of T)";
        ConformanceSummary summary = ConformanceRunner.run(() -> failingWith(new IOException("a worker thread failed",
                new io.vikingfs.UnsupportedByBackendException(null, "append", io.vikingfs.Capability.CROSS_PROCESS_SAFE,
                        "use another store", verdict))), Set.of("atomicWrite"), o -> { });
        assertThat(summary.total()).isPositive();
        assertThat(summary.refused()).isEqualTo(summary.total());
        assertThat(summary.failed()).isZero();
        assertThat(summary.refusals()).containsExactly(org.assertj.core.api.Assertions.entry(verdict, summary.total()));
        assertThat(summary.isSuccess()).isFalse(); // nothing passed
    }

    @Test
    void run_assertionQuotingARefusal_isCountedRefused_underTheSameVerdict() {
        String verdict = io.vikingfs.UnsupportedByBackendException.storeVerdict("X", "atomicWrite ifMatch",
                "If-Match is not atomic (3 lost updates)", "T");
        io.vikingfs.UnsupportedByBackendException refusal = new io.vikingfs.UnsupportedByBackendException(null,
                "atomicWrite(ifMatch)", io.vikingfs.Capability.ATOMIC_CONDITIONAL_WRITE, verdict + ". Otherwise: …",
                verdict);
        ConformanceSummary summary = ConformanceRunner.run(() -> failingWith(new IllegalStateException(
                new AssertionError("Expecting actual throwable to be an instance of PreconditionFailedException but"
                        + " was: " + refusal))), Set.of("atomicWrite"), o -> { });
        assertThat(summary.refused()).isEqualTo(summary.total());
        assertThat(summary.refusals()).containsOnlyKeys(verdict);
    }

    @Test
    void run_failure_printsEveryCauseBelowIt() {
        ConformanceSummary summary = ConformanceRunner.run(() -> failingWith(new IllegalStateException("wrapper",
                new IOException("the worker's own error"))), Set.of("atomicWrite"), o -> { });
        assertThat(summary.failures()).isNotEmpty().allSatisfy(o -> assertThat(o.message())
                .contains("wrapper").contains("caused by IOException: the worker's own error"));
    }

    private static BackendFixture failingWith(Exception e) {
        return new BackendFixture() {
            @Override
            public VikingFs open() throws IOException {
                if (e instanceof IOException io) {
                    throw io;
                }
                throw (RuntimeException) e;
            }

            @Override
            public Capabilities expected() {
                return Capabilities.of();
            }
        };
    }

    @Test
    void run_withoutFactory_liveSuiteRefusesToRunAlone() throws Exception {
        LiveStoreConformance suite = new LiveStoreConformance();
        org.assertj.core.api.Assertions.assertThatThrownBy(suite::createFixture)
                .isInstanceOf(IllegalStateException.class);
    }
}
