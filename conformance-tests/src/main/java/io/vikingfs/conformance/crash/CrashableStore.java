package io.vikingfs.conformance.crash;

import io.vikingfs.VikingFs;

import java.io.Closeable;
import java.util.function.Consumer;

/** A store whose primitive steps (writes, syncs, renames, … reaching its disk) are observable crash points. */
public interface CrashableStore extends Closeable {
    /** The store, through its public API. */
    VikingFs fs();

    /**
     * From now on, {@code listener} sees a crash point after every primitive step, in the thread that made it;
     * {@code null} stops it.
     */
    void onCrashPoint(Consumer<CrashPoint> listener);

    /** The crash point of this instant. */
    CrashPoint now();
}
