package io.vikingfs.conformance;

import java.util.List;

/**
 * What {@link ConformanceRunner#run} found: every test's outcome, in execution order.
 *
 * @param outcomes one entry per test (each parameterised case is a test)
 */
public record ConformanceSummary(List<TestOutcome> outcomes) {
    public ConformanceSummary {
        outcomes = List.copyOf(outcomes);
    }

    public long total() {
        return outcomes.size();
    }

    public long passed() {
        return count(TestOutcome.Status.PASSED);
    }

    public long failed() {
        return count(TestOutcome.Status.FAILED);
    }

    public long skipped() {
        return count(TestOutcome.Status.SKIPPED);
    }

    /** Tests whose operation the store's verdict refused (see {@link TestOutcome.Status#REFUSED}). */
    public long refused() {
        return count(TestOutcome.Status.REFUSED);
    }

    /** Each distinct reason the store refused for, with how many tests it refused: to print each verdict once. */
    public java.util.Map<String, Long> refusals() {
        java.util.Map<String, Long> by = new java.util.LinkedHashMap<>();
        outcomes.stream().filter(o -> o.status() == TestOutcome.Status.REFUSED)
                .forEach(o -> by.merge(o.message(), 1L, Long::sum));
        return by;
    }

    /** The failed tests only. */
    public List<TestOutcome> failures() {
        return outcomes.stream().filter(o -> o.status() == TestOutcome.Status.FAILED).toList();
    }

    /** True if at least one test ran and none failed (refusals are not failures: see {@link #refused()}). */
    public boolean isSuccess() {
        return failed() == 0 && passed() > 0;
    }

    private long count(TestOutcome.Status s) {
        return outcomes.stream().filter(o -> o.status() == s).count();
    }

    @Override
    public String toString() {
        return total() + " tests: " + passed() + " passed, " + refused() + " refused by the store, " + failed()
                + " failed, " + skipped() + " skipped";
    }
}
