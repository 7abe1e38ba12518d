package io.vikingfs.cli;

/** The exit codes of {@code vikingfs}: scripts may rely on them. */
final class ExitCodes {
    /** Done. */
    static final int OK = 0;
    /** An I/O error, or any failure not listed below. */
    static final int IO = 1;
    /** Bad usage or bad input: unknown option, invalid path, invalid record, malformed URI. Nothing was changed. */
    static final int USAGE = 2;
    /** The path (or the store) does not exist. */
    static final int NOT_FOUND = 3;
    /** A precondition failed ({@code --if-absent}, {@code --if-match}) or the target exists. Nothing was changed. */
    static final int PRECONDITION = 4;
    /** A check found problems: {@code verify} found damage or leftovers, a {@code demo} or conformance check failed. */
    static final int CHECK_FAILED = 5;
    /**
     * The store cannot guarantee what was asked: its audit verdict refused the operation (nothing was changed), or
     * a conformance run found no failure but had tests refused. Not a bug of the store or the library — a store
     * that cannot be used that way (see the verdict's way out).
     */
    static final int STORE_CANNOT_GUARANTEE = 6;

    private ExitCodes() {
    }
}
