package io.vikingfs.conformance.crash;

import java.util.BitSet;
import java.util.Map;
import java.util.TreeMap;

/**
 * A post-crash state: which pending steps persisted, which files' unsynced tails are torn, and for a process
 * crash in the middle of a write, how much of it landed. A file's data steps persist as a prefix (the first one
 * not chosen cuts off its later ones), as docs/contract.md §3 requires.
 *
 * @param persisted    indices into {@link CrashPoint#pending()} of the steps that persisted
 * @param tears        per file: its persisted data cut to {@code keep} bytes, then zero-filled to {@code size}
 * @param partialBytes how many bytes of the last step (a write) landed; -1 if it completed
 * @param description  how the state was chosen (for replays)
 */
public record PowerLossState(BitSet persisted, Map<String, Tear> tears, int partialBytes, String description) {
    public PowerLossState {
        persisted = (BitSet) persisted.clone();
        tears = Map.copyOf(tears);
    }

    /** Keep {@code keep} bytes of the file, then zeros up to {@code size} bytes (never cutting synced bytes). */
    public record Tear(long keep, long size) {
    }

    /** Whether every pending step persisted whole: what a process crash between two steps leaves. */
    public boolean isEverything(int pendingCount) {
        return persisted.cardinality() == pendingCount && tears.isEmpty() && partialBytes < 0;
    }

    /** A canonical text naming the state (same state, same key). */
    public String key() {
        return persisted + "|" + new TreeMap<>(tears) + "|" + partialBytes;
    }

    @Override
    public String toString() {
        return description + " persisted=" + persisted + (tears.isEmpty() ? "" : " tears=" + new TreeMap<>(tears))
                + (partialBytes < 0 ? "" : " partialBytes=" + partialBytes);
    }
}
