package io.vikingfs.object.audit;

import io.vikingfs.Capability;

/**
 * A promise of the library that rests on what the object store does — the unit a {@link AuditVerdict} judges.
 * Each names the {@link Capability} an operation reports missing when the store cannot keep it, and the way
 * out a user has.
 */
public enum Guarantee {
    /** {@code atomicWrite(…, ifAbsent)}: exactly one of several racing creators wins. Rests on {@code If-None-Match: *}. */
    ATOMIC_WRITE_IF_ABSENT("atomicWrite ifAbsent", Capability.ATOMIC_CONDITIONAL_WRITE,
            "use a store that honours If-None-Match atomically (AWS S3, MinIO, S3Proxy), or serialise creators"
                    + " of a path through one client or a lock service"),
    /** {@code atomicWrite(…, ifMatch)}: compare-and-swap, no lost update between racing writers. Rests on {@code If-Match}. */
    ATOMIC_WRITE_IF_MATCH("atomicWrite ifMatch", Capability.ATOMIC_CONDITIONAL_WRITE,
            "keep one writer per path (or a lock service around each read-modify-write), write new files with"
                    + " ifAbsent instead, or use a store that checks If-Match atomically (AWS S3, MinIO)"),
    /** {@code append} from several clients: segment objects claimed create-only, found again by listing. */
    APPEND_MULTI_CLIENT("append (multi-client)", Capability.CROSS_PROCESS_SAFE,
            "append to each log from one client only, put a lock service in front of the appenders, or use a"
                    + " store whose create-only writes are atomic and whose listings are consistent"),
    /** {@code switchDirectory}: generation markers claimed create-only over immutable generation prefixes. */
    SWITCH_DIRECTORY("switchDirectory", Capability.CROSS_PROCESS_SAFE,
            "switch each directory from one client only, or use a store whose create-only writes are atomic and"
                    + " whose listings are consistent and ordered"),
    /** {@code rename} without replace: the destination is claimed with a create-only PUT, so a racing creator is never overwritten. */
    RENAME_NO_REPLACE("rename (no replace)", Capability.CROSS_PROCESS_SAFE,
            "rename onto a destination from one client at a time, or use a store whose create-only writes are"
                    + " atomic (AWS S3, MinIO, S3Proxy)"),
    /** {@code list}/{@code walk}: complete, sorted by UTF-8 bytes, paged without loss, showing every acknowledged write. */
    LIST("list", Capability.CROSS_PROCESS_SAFE,
            "use a store with strongly consistent, UTF-8-ordered listings (AWS S3 since 2020, MinIO), or avoid"
                    + " relying on listings right after a write");

    private final String label;
    private final Capability capability;
    private final String wayOut;

    Guarantee(String label, Capability capability, String wayOut) {
        this.label = label;
        this.capability = capability;
        this.wayOut = wayOut;
    }

    /** The name used in tables and messages, e.g. {@code "atomicWrite ifMatch"}. */
    public String label() {
        return label;
    }

    /** The capability an operation reports missing when this guarantee cannot be kept. */
    public Capability capability() {
        return capability;
    }

    /** What a user can do on a store that does not keep it. */
    public String wayOut() {
        return wayOut;
    }
}
