package io.vikingfs.memory;

import java.util.Objects;

/**
 * Which post-power-loss state {@link MemoryVikingFs#crash(CrashOptions)} produces, and under which file system's
 * rules (docs/contract.md §3).
 *
 * <ul>
 *   <li>{@link Mode#SYNCED_ONLY}: the harshest power loss — only what was synced survives (every {@code durable}
 *       call that returned; none of the non-durable ones, except what a later sync covered).</li>
 *   <li>{@link Mode#EVERYTHING}: nothing unsynced is lost — what a process crash ({@code kill -9}) leaves.</li>
 *   <li>{@link Mode#RANDOM}: a random state the power-loss model allows: each unsynced change persists or not,
 *       unsynced appended bytes may be cut and zero-filled. The same seed on the same history gives the same
 *       state.</li>
 * </ul>
 *
 * <p>The {@link Model} says what "each unsynced change" is. {@link Model#JOURNALING} (the default, as ext4, XFS
 * or btrfs behave): a rename is one change, made durable as a whole by a sync of either of its directories.
 * {@link Model#STRICT_POSIX} (what POSIX promises): each directory's entry changes persist only by a sync of
 * that directory, and a rename across directories is two changes — the new name in the target directory, the
 * removal from the source directory — so a power loss may keep either half alone (a rename within one directory
 * stays one change of that directory).
 * {@code fs.crash(CrashOptions.syncedOnly().withModel(CrashOptions.Model.STRICT_POSIX))}. The library's
 * guarantees hold under both.
 *
 * @param mode  the kind of crash
 * @param seed  the seed of {@link Mode#RANDOM} (ignored otherwise)
 * @param model the file system rules the state follows
 */
public record CrashOptions(Mode mode, long seed, Model model) {
    public enum Mode { SYNCED_ONLY, EVERYTHING, RANDOM }

    /** Which directory changes persist independently after a power loss. */
    public enum Model {
        /** A rename persists as a whole once either of its directories is synced (metadata journaling). */
        JOURNALING,
        /** Each directory's entries persist only by its own sync; a cross-directory rename's halves independently. */
        STRICT_POSIX
    }

    public CrashOptions {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(model, "model");
    }

    /** Under the {@link Model#JOURNALING} model. */
    public CrashOptions(Mode mode, long seed) {
        this(mode, seed, Model.JOURNALING);
    }

    public static CrashOptions syncedOnly() {
        return new CrashOptions(Mode.SYNCED_ONLY, 0);
    }

    public static CrashOptions everything() {
        return new CrashOptions(Mode.EVERYTHING, 0);
    }

    public static CrashOptions random(long seed) {
        return new CrashOptions(Mode.RANDOM, seed);
    }

    /** The same crash under the rules of {@code model}. */
    public CrashOptions withModel(Model model) {
        return new CrashOptions(mode, seed, model);
    }
}
