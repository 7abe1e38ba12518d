package io.vikingfs;

import java.util.Objects;

/**
 * What must hold for an {@code atomicWrite} to take place. Checked atomically with the write where the backend
 * declares {@link Capability#ATOMIC_CONDITIONAL_WRITE}; when it does not hold, the write throws
 * {@link PreconditionFailedException} and changes nothing.
 */
public abstract class Precondition {
    private Precondition() {
    }

    /** Write unconditionally. */
    public static Precondition none() {
        return None.INSTANCE;
    }

    /** Write only if no file exists at the path (create-only). */
    public static Precondition ifAbsent() {
        return IfAbsent.INSTANCE;
    }

    /** Write only if the file exists and its current version is {@code expected} (compare-and-swap). */
    public static Precondition ifMatch(Version expected) {
        return new IfMatch(expected);
    }

    /** No condition. */
    public static final class None extends Precondition {
        static final None INSTANCE = new None();

        @Override
        public String toString() {
            return "none";
        }
    }

    /** The path must not exist. */
    public static final class IfAbsent extends Precondition {
        static final IfAbsent INSTANCE = new IfAbsent();

        @Override
        public String toString() {
            return "ifAbsent";
        }
    }

    /** The path must exist with exactly this version. */
    public static final class IfMatch extends Precondition {
        private final Version expected;

        IfMatch(Version expected) {
            this.expected = Objects.requireNonNull(expected, "expected version");
        }

        public Version expected() {
            return expected;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof IfMatch && ((IfMatch) o).expected.equals(expected);
        }

        @Override
        public int hashCode() {
            return expected.hashCode();
        }

        @Override
        public String toString() {
            return "ifMatch(" + expected + ")";
        }
    }
}
