package io.vikingfs.memory;

import java.util.Objects;

/**
 * Which post-power-loss state {@link MemoryVikingFs#crash(CrashOptions)} produces.
 *
 * <ul>
 *   <li>{@link Mode#SYNCED_ONLY}: the harshest power loss — only what was synced survives (every {@code durable}
 *       call that returned; none of the non-durable ones, except what a later sync covered).</li>
 *   <li>{@link Mode#EVERYTHING}: nothing unsynced is lost — what a process crash ({@code kill -9}) leaves.</li>
 *   <li>{@link Mode#RANDOM}: a random state the power-loss model allows (docs/contract.md §3): each unsynced change
 *       persists or not, unsynced appended bytes may be cut and zero-filled. The same seed on the same history
 *       gives the same state.</li>
 * </ul>
 *
 * @param mode the kind of crash
 * @param seed the seed of {@link Mode#RANDOM} (ignored otherwise)
 */
public record CrashOptions(Mode mode, long seed) {
    public enum Mode { SYNCED_ONLY, EVERYTHING, RANDOM }

    public CrashOptions {
        Objects.requireNonNull(mode, "mode");
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
}
