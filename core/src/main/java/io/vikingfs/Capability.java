package io.vikingfs;

/**
 * A guarantee a backend keeps natively. A backend declares one only if the conformance suite proves it; where a
 * capability is missing, the operations that need it throw {@link UnsupportedByBackendException} or document a
 * weaker guarantee, and the suite checks that too.
 */
public enum Capability {
    /** {@code rename} of a file is atomic: after any crash the bytes are at exactly one of src or dst. */
    ATOMIC_FILE_RENAME,
    /** {@code rename} of a directory is supported at all. */
    DIRECTORY_RENAME,
    /** {@code rename} of a directory is atomic. */
    ATOMIC_DIRECTORY_RENAME,
    /** {@code ifAbsent} and {@code ifMatch} are checked atomically with the write, even between racing writers. */
    ATOMIC_CONDITIONAL_WRITE,
    /** Several processes (or clients of one object store) may use one store at once, appends included. */
    CROSS_PROCESS_SAFE,
    /** {@code durable=false} is honoured as a cheaper mode; without it every acknowledged call is durable. */
    DURABILITY_CONTROL,
    /** New files and directories get restrictive POSIX permissions ({@code 0600}/{@code 0700} by default). */
    POSIX_PERMISSIONS,
    /** The backend can simulate a power loss for tests (the memory backend's {@code crash()}). */
    POWER_LOSS_SIMULATION
}
