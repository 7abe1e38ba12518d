package io.vikingfs.object;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of an {@link ObjectVikingFs}. Immutable; start from {@link #DEFAULT} and derive with the {@code with…}
 * methods. None of these settings weakens a guarantee: they trade requests against latency.
 *
 * @param compactionFanout how many log objects of one level are merged into one of the next (≥ 2): an append
 *                         costs O(levels) amortised, a read at most {@code fanout - 1} objects per level
 * @param reclaimGrace     how old an unreferenced generation (of a {@code switchDirectory} another client may
 *                         still be preparing) must be before recovery reclaims it
 * @param listPageSize     keys asked for per LIST request (S3 returns at most 1000)
 * @param recoverOnOpen    whether opening the store runs {@code recover(true)} (a full listing of the prefix)
 * @param verifyReads      whether every body read is checked against its stored checksum (see
 *                         {@link io.vikingfs.object.client.VerifyingObjectClient}); off only to measure what the
 *                         check costs — without it a store that serves torn bodies makes {@code read} return them
 *                         (listing pages are checked either way)
 */
public record ObjectStoreOptions(int compactionFanout, Duration reclaimGrace, int listPageSize, boolean recoverOnOpen,
                        boolean verifyReads) {
    /** Fanout 16, one hour of grace, pages of 1000 keys, recovery on open, verified reads. */
    public static final ObjectStoreOptions DEFAULT = new ObjectStoreOptions(16, Duration.ofHours(1), 1000, true, true);

    public ObjectStoreOptions {
        if (compactionFanout < 2) {
            throw new IllegalArgumentException("compactionFanout must be at least 2, got " + compactionFanout);
        }
        Objects.requireNonNull(reclaimGrace, "reclaimGrace");
        if (reclaimGrace.isNegative()) {
            throw new IllegalArgumentException("reclaimGrace must not be negative: " + reclaimGrace);
        }
        if (listPageSize < 1 || listPageSize > 1000) {
            throw new IllegalArgumentException("listPageSize must be in 1..1000, got " + listPageSize);
        }
    }

    public ObjectStoreOptions withCompactionFanout(int fanout) {
        return new ObjectStoreOptions(fanout, reclaimGrace, listPageSize, recoverOnOpen, verifyReads);
    }

    /** Zero only where no other client can be mid-switch (tests of a crashed, single client). */
    public ObjectStoreOptions withReclaimGrace(Duration grace) {
        return new ObjectStoreOptions(compactionFanout, grace, listPageSize, recoverOnOpen, verifyReads);
    }

    public ObjectStoreOptions withListPageSize(int size) {
        return new ObjectStoreOptions(compactionFanout, reclaimGrace, size, recoverOnOpen, verifyReads);
    }

    public ObjectStoreOptions withRecoverOnOpen(boolean recover) {
        return new ObjectStoreOptions(compactionFanout, reclaimGrace, listPageSize, recover, verifyReads);
    }

    /** Off only to measure what verification costs (benchmarks): unverified reads may return torn bodies. */
    public ObjectStoreOptions withVerifyReads(boolean verify) {
        return new ObjectStoreOptions(compactionFanout, reclaimGrace, listPageSize, recoverOnOpen, verify);
    }
}
