package io.vikingfs.conformance;

import java.util.Objects;

/**
 * The result of one test of the suite.
 *
 * @param area    the suite's area ({@code "atomicWrite"}, {@code "concurrency"}, …)
 * @param name    the test's name, with its parameters for a parameterised case
 * @param status  what happened
 * @param message why it failed or was skipped; empty if it passed
 * @param failure the failure, or {@code null}
 */
public record TestOutcome(String area, String name, Status status, String message, Throwable failure) {
    public TestOutcome {
        Objects.requireNonNull(area, "area");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        message = message == null ? "" : message;
    }

    public enum Status {
        /** The backend kept the contract. */
        PASSED,
        /** The backend broke the contract (or the test could not run to its end). */
        FAILED,
        /** Not applicable: the backend does not declare the capability the test proves, or the fixture lacks a hook. */
        SKIPPED
    }

    @Override
    public String toString() {
        return status + " " + area + " › " + name + (message.isEmpty() ? "" : " — " + message);
    }
}
