package io.vikingfs.conformance.crash;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * One instant of a store's history, frozen: what is synced, and the steps since that a power loss may or may not
 * keep. Immutable; it can be opened as many post-crash stores as wanted, each independent of the others.
 */
public interface CrashPoint {
    /** The number of primitive steps done before this instant. */
    long step();

    /** The primitive step that led here, in words ({@code write sessions/a.json @0 +42}). */
    String lastStep();

    /** The model whose changes {@link #pending()} lists and {@link #open} builds. */
    default CrashModel model() {
        return CrashModel.JOURNALING;
    }

    /**
     * This instant under {@code model} (one of the factory's {@link CrashableStoreFactory#models()}): the same
     * synced state and history, its pending changes as that model counts them.
     */
    default CrashPoint under(CrashModel model) {
        if (model != model()) {
            throw new IllegalArgumentException("this crash point has no " + model + " states");
        }
        return this;
    }

    /** The changes not yet made durable under {@link #model()}, in the order they were made. */
    List<PendingStep> pending();

    /** The bytes of a file that survive any power loss ({@code file} as in {@link PendingStep#file()}). */
    byte[] syncedBytes(String file);

    /** The bytes of a file as the live store had them at this instant. */
    byte[] currentBytes(String file);

    /** The length of the write the last step made, or -1 if it was not a write (for a crash in its middle). */
    int lastWriteLength();

    /**
     * Builds the post-crash state {@code state} as a new store and opens it, which runs recovery. If
     * {@code recoveryListener} is not null it sees the crash points of that recovery.
     *
     * @throws IOException if opening (recovery) fails: invariant G1 is broken
     */
    CrashableStore open(PowerLossState state, Consumer<CrashPoint> recoveryListener) throws IOException;
}
