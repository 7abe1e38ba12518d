package io.vikingfs.conformance;

import java.util.Objects;

/**
 * The result of one test of the suite.
 *
 * @param area    the suite's area ({@code "atomicWrite"}, {@code "concurrency"}, …)
 * @param name    the test's name, with its parameters for a parameterised case
 * @param status  what happened
 * @param message why it failed, was skipped or was refused (for a refusal: the store's verdict, the same words for
 *                every test it refused); empty if it passed
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
        SKIPPED,
        /**
         * The store underneath cannot keep a guarantee the test needs, and the backend refused the operation
         * before changing anything, as its audit verdict says it must
         * ({@link io.vikingfs.UnsupportedByBackendException#storeVerdict()}): not a broken contract, a store that
         * cannot be used that way.
         */
        REFUSED
    }

    @Override
    public String toString() {
        return status + " " + area + " › " + name + (message.isEmpty() ? "" : " — " + message);
    }
}
