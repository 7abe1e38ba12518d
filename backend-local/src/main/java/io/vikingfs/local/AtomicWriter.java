package io.vikingfs.local;

import io.vikingfs.Precondition;
import io.vikingfs.PreconditionFailedException;
import io.vikingfs.VPath;
import io.vikingfs.Version;
import io.vikingfs.VikingFsException;
import io.vikingfs.WriteOptions;
import io.vikingfs.local.disk.Disk;
import io.vikingfs.local.disk.DiskFile;
import io.vikingfs.local.disk.DiskStat;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The atomic-write protocol: a {@code .vfs-tmp-…} file created exclusively in the target's directory, written,
 * <b>always</b> synced (else a power loss could persist the rename but not the data: the zero-byte file of
 * field cases 9), then published over the target by rename — or, for {@code ifAbsent}, by hard link, which fails
 * atomically if the target exists — and, when durable, made durable by a (shared) sync of the directory.
 *
 * <p><b>Concurrency.</b> The precondition check and the publish happen under the directory's lock
 * ({@link DirectoryLocks}: in-process and cross-process, its lock file's descriptor kept open), held for microseconds and never across a sync: the temp file is synced
 * before taking it and the directory after releasing it. Every write, conditional or not, publishes under that
 * lock, so an unconditional write in another process can never land between an {@code ifMatch} check and its
 * rename.
 *
 * <p><b>Coalescing.</b> Writes of one path form a queue; one writer at a time (the leader) takes every queued
 * request and, for each run of unconditional writes, publishes only the last: the earlier ones are overwritten
 * before anyone could read them, which is what would have happened had they run one by one. If any member asked
 * for durability the leader then syncs the directory once (shared with other paths of that directory) and
 * releases the batch; writers arriving meanwhile form the next batch. A superseded write returns once the write
 * that replaced it is as durable as it asked for ("a write is durable once it, or a later write of the same path,
 * is"). Conditional writes are never skipped. So N concurrent durable writers of one path cost two flushes per
 * batch of about N writes instead of two per write. Only writers of the same path wait for a leader's syncs.
 *
 * <p><b>Gathering.</b> A new leader takes the queue at once when every writer of the path is in it — a lone
 * writer never waits. When other writers of the path are on their way (released by the previous batch and
 * about to write again, or just arriving), it waits for them — at most twice the last batch's duration, 0.2 to
 * 2 ms, and less as soon as they have all queued or left — so that they share its batch (its one temp-file sync
 * and one directory sync) instead of forming alternating half-size batches. Past that bound it publishes what
 * is queued; an interrupt ends the wait the same way and stays set for the caller.
 */
final class AtomicWriter {
    /** One write; {@code done} and {@code error} are guarded by the lane's monitor once queued. */
    private static final class Request {
        final byte[] bytes;
        final Version version;
        final Precondition precondition;
        final boolean durable;
        boolean done;
        Publisher.Change dirChange;
        IOException error;

        Request(byte[] bytes, Precondition precondition, boolean durable) {
            this.bytes = bytes;
            this.version = FileReads.versionOf(bytes); // the write's own copy: hashed on first use
            this.precondition = precondition;
            this.durable = durable;
        }

        boolean unconditional() {
            return precondition instanceof Precondition.None;
        }
    }

    /**
     * The queue of one target path. Lanes outlive their writers — making and removing one per write was 4 % of an
     * in-memory atomic write — and idle ones are retired once there are too many ({@link #retireIdleLanes}).
     */
    private static final class Lane {
        final ArrayDeque<Request> queue = new ArrayDeque<>();
        /**
         * Writers inside {@link #write} for this path (queued, leading, or about to queue or leave); -1 once retired:
         * then no writer joins it, and the path's next writer makes a new lane.
         */
        final AtomicInteger users = new AtomicInteger();
        boolean leading;
        long lastRoundNanos;

        /** Counts a writer in, unless the lane is retired. */
        boolean join() {
            for (int u = users.get(); u >= 0; u = users.get()) {
                if (users.compareAndSet(u, u + 1)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Past this many lanes (and twice as many as the last retirement kept), idle ones are retired. */
    static final int MAX_LANES = 1024;
    private final SweepBound lanesBound = new SweepBound(MAX_LANES);

    /**
     * The gathering's instants and clock (production: {@link #SYSTEM}): a seam where a test holds a writer that is
     * counted in its path's lane but outside its queue — no disk call happens there for a disk hook to hold — and
     * drives the leader's bounded wait by a clock of its own instead of by how long a wait really takes.
     */
    interface Gathering {
        Gathering SYSTEM = new Gathering() {
        };

        /**
         * A writer counted in {@code target}'s lane is outside its queue (no lock held): about to queue
         * ({@code arriving}), or done and about to stop being counted.
         */
        default void outsideQueue(Path target, boolean arriving) {
        }

        default long now() {
            return System.nanoTime();
        }

        /** The leader's wait, {@code lane}'s monitor held, up to {@code nanos}; a notification ends it early. */
        default void await(Object lane, long nanos) throws InterruptedException {
            lane.wait(nanos / 1_000_000, (int) (nanos % 1_000_000));
        }
    }

    private static final long MIN_GATHER_NANOS = 200_000;
    private static final long MAX_GATHER_NANOS = 2_000_000;

    private final Disk disk;
    private final Resolver resolver;
    private final Publisher publisher;
    private final DirectoryLocks locks;
    private final FileReads reads;
    private final Failures failures;
    private final Gathering gathering;
    private final ConcurrentHashMap<Path, Lane> lanes = new ConcurrentHashMap<>();
    private final TempFiles.Names temps;

    AtomicWriter(Disk disk, Resolver resolver, Publisher publisher, DirectoryLocks locks, FileReads reads, Failures failures) {
        this(disk, resolver, publisher, locks, reads, failures, Gathering.SYSTEM);
    }

    AtomicWriter(Disk disk, Resolver resolver, Publisher publisher, DirectoryLocks locks, FileReads reads, Failures failures,
                 Gathering gathering) {
        this.gathering = gathering;
        this.disk = disk;
        this.resolver = resolver;
        this.publisher = publisher;
        this.locks = locks;
        this.reads = reads;
        this.failures = failures;
        this.temps = new TempFiles.Names(disk);
    }

    Version write(VPath vpath, byte[] bytes, WriteOptions options) throws IOException {
        if (vpath.isRoot()) {
            throw new VikingFsException("", "the store's root is a directory; write to a file path below it");
        }
        Request request = new Request(bytes.clone(), options.precondition(), options.durable());
        if (request.precondition instanceof Precondition.IfMatch && !resolver.resolve(vpath).isFile()) {
            // Nothing to match: fail before creating any parent (a failed precondition changes nothing).
            throw new PreconditionFailedException(vpath, request.precondition, null);
        }
        Path dir = resolver.ensureDirectory(vpath.parent(), options.durable());
        Path target = resolver.child(dir, vpath.name());
        failures.checkWritable(vpath.toString(), target);
        Lane lane = lanes.get(target);
        if (lane == null || !lane.join()) {
            lane = lanes.compute(target, (k, l) -> l != null && l.join() ? l : newLane());
        }
        try {
            gathering.outsideQueue(target, true);
            submit(lane, request, vpath, dir, target);
            gathering.outsideQueue(target, false);
        } finally {
            if (lane.users.decrementAndGet() > 0) {
                synchronized (lane) {
                    lane.notifyAll(); // a gathering leader re-counts (there is none when no one else is in)
                }
            }
        }
        if (lanesBound.due(lanes.size())) {
            retireIdleLanes();
        }
        if (request.error != null) {
            throw request.error;
        }
        return request.version;
    }

    private static Lane newLane() {
        Lane l = new Lane();
        l.users.set(1);
        return l;
    }

    /**
     * Retires and drops every lane no writer is in, so the lanes stay bounded by the paths being written, not every
     * path ever written.
     */
    private void retireIdleLanes() {
        lanes.forEach((path, lane) -> {
            if (lane.users.compareAndSet(0, -1)) {
                lanes.remove(path, lane);
            }
        });
        lanesBound.swept(lanes.size());
    }

    /** How many lanes are kept (tests: bounded). */
    int lanes() {
        return lanes.size();
    }

    private void submit(Lane lane, Request request, VPath vpath, Path dir, Path target) throws IOException {
        List<Request> batch;
        boolean interrupted;
        synchronized (lane) {
            lane.queue.add(request);
            lane.notifyAll(); // a gathering leader counts arrivals
            while (!request.done && lane.leading) {
                try {
                    lane.wait();
                } catch (InterruptedException e) {
                    // Leave the request queued: the next leader completes it; we only stop waiting.
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while a write of '" + vpath + "' was queued; "
                            + "it may still take place");
                }
            }
            if (request.done) {
                return;
            }
            lane.leading = true;
            interrupted = gather(lane);
            batch = new ArrayList<>(lane.queue);
            lane.queue.clear();
        }
        long started = gathering.now();
        try {
            publishBatch(lane, batch, vpath, dir, target);
        } finally {
            synchronized (lane) {
                lane.lastRoundNanos = gathering.now() - started;
                lane.leading = false;
                lane.notifyAll();
            }
            if (interrupted) {
                Thread.currentThread().interrupt(); // deferred past the batch (gather)
            }
        }
    }

    /**
     * As the new leader (lane monitor held): when other writers of the path are on their way (released by the
     * previous batch and about to queue again), waits for them briefly — at most twice the last batch's duration,
     * 0.2 to 2 ms — so that they join this batch instead of forming alternating half-size batches. A lone writer
     * never waits. Returns whether an interrupt ended the wait: the caller sets it again once the batch is
     * published, since the batch's disk calls would fail as interrupted — every member's write with them, though
     * only the leader was interrupted.
     */
    private boolean gather(Lane lane) {
        if (lane.queue.size() >= lane.users.get()) {
            return false;
        }
        long left = Math.min(Math.max(2 * lane.lastRoundNanos, MIN_GATHER_NANOS), MAX_GATHER_NANOS);
        long deadline = gathering.now() + left;
        while (lane.queue.size() < lane.users.get() && left > 0) {
            try {
                gathering.await(lane, left);
            } catch (InterruptedException e) {
                return true; // publish what is queued; the caller sees the interrupt after
            }
            left = deadline - gathering.now();
        }
        return false;
    }

    /**
     * Publishes a batch in order, skipping each unconditional write followed by another; then, if any member asked
     * for durability, syncs the directory once for the whole batch (still as leader, so writers arriving meanwhile
     * queue up and form the next, larger batch). Non-durable members are released right after the renames.
     */
    private void publishBatch(Lane lane, List<Request> batch, VPath vpath, Path dir, Path target) {
        List<Request> superseded = new ArrayList<>();
        Publisher.Change last = null;
        boolean anyDurable = false;
        for (int i = 0; i < batch.size(); i++) {
            Request r = batch.get(i);
            anyDurable |= r.durable;
            if (r.unconditional() && i + 1 < batch.size() && batch.get(i + 1).unconditional()) {
                superseded.add(r); // overwritten by the next one before anyone could read it
                continue;
            }
            try {
                r.dirChange = publish(r, vpath, dir, target);
                last = r.dirChange;
            } catch (IOException e) {
                r.error = e;
            } catch (RuntimeException e) {
                r.error = new VikingFsException(vpath.toString(), "atomic write failed: " + e, e);
            }
            for (Request s : superseded) {
                s.dirChange = r.dirChange;
                s.error = r.error;
            }
            superseded.clear();
        }
        release(lane, batch, false);
        if (anyDurable && last != null) {
            try {
                publisher.awaitDirectory(last, vpath.toString());
            } catch (IOException e) {
                for (Request r : batch) {
                    if (r.durable && r.error == null) {
                        r.error = e;
                    }
                }
            }
        }
        release(lane, batch, true);
    }

    /** Marks the batch's non-durable (or, with {@code durable}, all remaining) members done and wakes them. */
    private static void release(Lane lane, List<Request> batch, boolean durable) {
        synchronized (lane) {
            for (Request r : batch) {
                if (!r.durable || durable || r.error != null) {
                    r.done = true;
                }
            }
            lane.notifyAll();
        }
    }

    /** Writes, syncs and publishes one request; returns the directory change its publish made. */
    private Publisher.Change publish(Request r, VPath vpath, Path dir, Path target) throws IOException {
        DiskFile[] matched = new DiskFile[1];
        try {
            return publishLocked(r, vpath, dir, target, matched);
        } finally {
            if (matched[0] != null) {
                // Closed only after the directory lock is released: closing a descriptor may wait for an appender
                // of this file (FileReads.close), and an appender creating a log waits for the directory lock.
                reads.close(target, matched[0]);
            }
        }
    }

    private Publisher.Change publishLocked(Request r, VPath vpath, Path dir, Path target, DiskFile[] matched)
            throws IOException {
        Path tempPath = temps.claim(dir, target);
        Publisher.Change published;
        try (TempFiles.Written temp = TempFiles.write(disk, publisher, tempPath, r.bytes, vpath.toString(), target);
             FileLocks.Held ignored = locks.lock(dir)) {
            DiskStat st = disk.stat(target);
            checkTargetKind(vpath, st);
            if (r.precondition instanceof Precondition.IfAbsent) {
                if (st != null) {
                    throw new PreconditionFailedException(vpath, r.precondition, null);
                }
                try {
                    publisher.link(temp.path, target); // fails atomically if the target appeared meanwhile
                } catch (FileAlreadyExistsException raced) {
                    throw new PreconditionFailedException(vpath, r.precondition, null);
                }
            } else {
                if (r.precondition instanceof Precondition.IfMatch m) {
                    Version actual = null;
                    if (st != null) {
                        matched[0] = reads.open(target);
                        actual = FileReads.versionOf(FileReads.readAll(vpath.toString(), matched[0]));
                    }
                    if (!m.expected().equals(actual)) {
                        throw new PreconditionFailedException(vpath, r.precondition, actual);
                    }
                }
                publisher.rename(temp.path, target);
                temp.published();
            }
            published = publisher.changed(dir);
        }
        temps.gone(target, tempPath); // renamed, or linked and removed: closing it raised nothing
        return published;
    }

    private static void checkTargetKind(VPath vpath, DiskStat st) throws IOException {
        if (st == null || st.isFile()) {
            return;
        }
        throw new FileSystemException(vpath.toString(), null, (st.isDirectory() ? "is a directory"
                : st.isSymlink() ? "is a symbolic link or a live-directory pointer" : "is not a regular file")
                + "; atomicWrite replaces files only — delete it first or write to another path");
    }
}
