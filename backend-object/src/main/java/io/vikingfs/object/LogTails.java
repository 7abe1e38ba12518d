package io.vikingfs.object;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last position this client claimed in each numbered-segment log with a change that leaves a file there (an
 * append or a replacement), and when: what {@link LogStore#appendAtTail} appends after without listing the log.
 *
 * <p>A tail is trusted only while younger than half the {@link ObjectStoreOptions#reclaimGrace() grace}: every
 * position above it was claimed after it, so none can have been reclaimed by age yet (reclaiming waits for the
 * grace), and a claim sent within half the grace lands before that — the other half covers the request and its
 * retries. With no grace at all (one client only, as the option demands) nothing but this client changes its
 * logs, and a tail is trusted until this client claims past it. Entries are dropped on a delete claimed here,
 * and all at once beyond {@link #MAX_LOGS} logs (the next append to each lists it again).
 */
final class LogTails {
    /** Logs remembered at most: one entry per log appended to, dropped all together when exceeded. */
    static final int MAX_LOGS = 1024;

    private record Tail(long position, long claimedAtNanos) {
    }

    private final ConcurrentHashMap<String, Tail> tails = new ConcurrentHashMap<>();
    private final long trustNanos;

    LogTails(Duration grace) {
        this.trustNanos = grace.isZero() ? Long.MAX_VALUE : grace.toNanos() / 2;
    }

    /**
     * Records that this client claimed {@code position} of the log under {@code prefix}, with a request sent at
     * {@code sentAtNanos} ({@link System#nanoTime()}): a change leaving a file there if {@code holdsFile}, else a
     * delete (the tail is forgotten: the next append lists the log). The higher of two racing claims is kept.
     */
    void claimed(String prefix, long position, boolean holdsFile, long sentAtNanos) {
        if (!holdsFile) {
            tails.remove(prefix);
            return;
        }
        if (tails.size() >= MAX_LOGS && !tails.containsKey(prefix)) {
            tails.clear();
        }
        Tail mine = new Tail(position, sentAtNanos);
        tails.merge(prefix, mine, (old, now) -> now.position >= old.position ? now : old);
    }

    /** The tail of the log under {@code prefix}, if this client claimed it recently enough to trust it. */
    OptionalLong trusted(String prefix) {
        Tail t = tails.get(prefix);
        if (t == null || System.nanoTime() - t.claimedAtNanos >= trustNanos) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(t.position);
    }

    /** Forgets the tail {@code position} of the log under {@code prefix} (unless a newer claim replaced it). */
    void forget(String prefix, long position) {
        tails.computeIfPresent(prefix, (k, t) -> t.position == position ? null : t);
    }
}
