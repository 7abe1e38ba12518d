package io.vikingfs.conformance.crash;

/**
 * The power-loss rules a crash point's states follow (docs/contract.md §3). Both keep what was synced and let each
 * unsynced change persist or not; they differ in what one directory change is.
 */
public enum CrashModel {
    /**
     * As ext4, XFS or btrfs journal metadata: a rename is one change, durable as a whole once either of its
     * directories is synced — after any crash a file is at exactly one of its rename's names.
     */
    JOURNALING("journaling"),
    /**
     * What POSIX promises: each directory's entries (creations, removals, and each half of a rename across
     * directories — the new name in the target directory, the removal from the source) persist independently
     * unless that directory was synced; a file's data only if the file was synced. A rename within one directory
     * is one change of it. A rename not yet durable may leave a file at both names (never at neither, if the
     * target directory is synced first).
     */
    STRICT_POSIX("strict");

    private final String label;

    CrashModel(String label) {
        this.label = label;
    }

    /** The short name used in reports. */
    public String label() {
        return label;
    }

    /** Whether a rename, durable or not, is seen whole after a power loss (at exactly one of its names). */
    public boolean renameIsOneChange() {
        return this == JOURNALING;
    }
}
