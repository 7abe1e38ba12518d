package io.vikingfs.junit;

/** The crash models of docs/contract.md §3 that a crash test explores. */
public enum CrashModel {
    /**
     * The process dies ({@code kill -9}): everything the disk received survives, every returned call did; a write
     * in flight may have landed in part.
     */
    PROCESS_CRASH,
    /**
     * The machine loses power: what was synced survives; each unsynced change may survive or not, unsynced appended
     * bytes may be cut or zero-filled.
     */
    POWER_LOSS
}
