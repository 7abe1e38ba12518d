package io.vikingfs.object.audit;

/** What one {@link Primitive} measurement found. */
public enum Outcome {
    /** Behaves as S3 specifies, races included. */
    OK,
    /** Honoured one request at a time, but racing requests can both succeed. */
    NOT_ATOMIC,
    /** The condition was not applied at all: a request that had to be refused took effect. */
    IGNORED,
    /** The store answered that it does not implement the request (501, NotImplemented, …) and changed nothing. */
    REFUSED,
    /** Reads or listings missed a write that had been acknowledged, for a while. */
    LAGGING,
    /** The store did something other than what was asked (wrong order, lost or duplicated keys, replaced data). */
    WRONG,
    /** Not measured: this client offers no way to send that request. */
    NOT_PROBED,
    /** The measurement itself failed (I/O error); see the detail. */
    FAILED;

    /** Whether the store was seen to keep the primitive's promise. */
    public boolean good() {
        return this == OK;
    }
}
