package io.vikingfs.cli.demo;

import java.util.Objects;

/**
 * One invariant the demo checked, and what it found.
 *
 * @param name    what was checked, phrased as the property that must hold
 * @param outcome pass, fail, or skip (the backend does not declare what the check needs)
 * @param detail  the numbers behind the outcome, or the first violation found
 */
public record Check(String name, Outcome outcome, String detail) {
    public enum Outcome { PASS, FAIL, SKIP }

    public Check {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
    }

    static Check of(String name, boolean passed, String detail) {
        return new Check(name, passed ? Outcome.PASS : Outcome.FAIL, detail);
    }

    static Check skip(String name, String why) {
        return new Check(name, Outcome.SKIP, why);
    }

    public boolean failed() {
        return outcome == Outcome.FAIL;
    }
}
