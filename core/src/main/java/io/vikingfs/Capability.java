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
    /**
     * A batch of {@code appendAll} survives every crash whole or not at all. Without it, each record is still
     * all-or-nothing and a log keeps a prefix of its records, but a crash during a batch may keep the batch's
     * first records without the rest: a plain JSONL file has no framing that could mark a batch as incomplete
     * (the local disk may persist any prefix of an unsynced write, and a killed writer may stop at a page).
     */
    ATOMIC_BATCH_APPEND,
    /** Several processes (or clients of one object store) may use one store at once, appends included. */
    CROSS_PROCESS_SAFE,
    /** {@code durable=false} is honoured as a cheaper mode; without it every acknowledged call is durable. */
    DURABILITY_CONTROL,
    /** New files and directories get restrictive POSIX permissions ({@code 0600}/{@code 0700} by default). */
    POSIX_PERMISSIONS,
    /** The backend can simulate a power loss for tests (the memory backend's {@code crash()}). */
    POWER_LOSS_SIMULATION
}
