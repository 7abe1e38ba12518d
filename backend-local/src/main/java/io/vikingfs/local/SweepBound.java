package io.vikingfs.local;

/**
 * When a map of per-path state that drops its idle entries (directories' shared syncs, paths' queues of writers)
 * sweeps: once it holds more than its bound and more than twice what its last sweep kept. So a sweep costs amortised
 * O(1) per entry added even when most entries stay (in use, or kept for good): at a fixed bound, a map full of
 * entries it may not drop would be swept at every addition.
 */
final class SweepBound {
    private final int max;
    private volatile int kept;

    SweepBound(int max) {
        this.max = max;
    }

    /** Whether a map of {@code size} entries is due for a sweep. */
    boolean due(int size) {
        return size > Math.max(max, 2 * kept);
    }

    /** A sweep left {@code size} entries. */
    void swept(int size) {
        kept = size;
    }
}
