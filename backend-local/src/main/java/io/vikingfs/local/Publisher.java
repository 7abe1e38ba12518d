package io.vikingfs.local;

import io.vikingfs.DurabilityLostException;
import io.vikingfs.local.disk.Disk;
import io.vikingfs.local.disk.DiskFile;
import io.vikingfs.local.disk.DiskStat;
import io.vikingfs.telemetry.FlushKind;
import io.vikingfs.telemetry.Telemetry;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The only code that publishes by rename and forces data or directories: every {@code rename}, {@code link},
 * {@code sync} and {@code syncDirectory} of the protocols goes through here, so no call site can forget the
 * directory sync that makes a rename durable, or the failure rule.
 *
 * <p>Directory syncs are batched per directory ({@link GroupCommit}): a caller first records its change
 * ({@link #changed}), then waits for a sync that started after it ({@link #awaitDirectory}); concurrent callers
 * share one {@code syncDirectory}. A failed sync throws {@link DurabilityLostException} to every caller it
 * covered and marks the file or directory in {@link Failures}.
 */
final class Publisher {
    /**
     * Threads flushing one tree at most. Measured on ext4 (2-core VM), 3,000 files opened, forced and closed: 3.0 s
     * from 1 thread, 0.29 s from 8, 0.17–0.35 s from 16, 0.15–0.26 s from 32–64.
     */
    private static final int FLUSHERS = 16;
    /** Below this many paths per thread, a helper thread costs more than the waits it overlaps. */
    private static final int FILES_PER_FLUSHER = 4;

    private final Disk disk;
    private final Failures failures;
    private final Telemetry telemetry;
    /**
     * The shared syncs of the directories written recently. Bounded: past {@link #MAX_GROUPS}, the idle ones are
     * dropped (a store writing into a new directory per session kept one for every directory it ever synced, about
     * 800 bytes each with its path). A dropped group still serves the {@link Change}s that name it.
     */
    private final ConcurrentHashMap<Path, GroupCommit> directoryGroups = new ConcurrentHashMap<>();
    static final int MAX_GROUPS = 1024;
    private final SweepBound groupsBound = new SweepBound(MAX_GROUPS);

    /**
     * A change of a directory's entries, to be made durable by {@link #awaitDirectory}: it names the group it was
     * registered in, so that the sync it waits for is one of that group even if the group is no longer the
     * directory's (its number means nothing to another group).
     */
    record Change(Path dir, GroupCommit group, long sequence) {
    }

    Publisher(Disk disk, Failures failures, Telemetry telemetry) {
        this.disk = disk;
        this.failures = failures;
        this.telemetry = telemetry;
    }

    /** Atomically replaces {@code dst} by {@code src} (rename(2)). Not durable until the directory is synced. */
    void rename(Path src, Path dst) throws IOException {
        disk.rename(src, dst);
    }

    /** Publishes {@code existing} at {@code link} only if nothing is there (atomic, even across processes). */
    void link(Path existing, Path link) throws IOException {
        disk.link(existing, link);
    }

    /**
     * Forces a file's data (reported as a flush of {@code target}). On failure the file ({@code shownAs}, at
     * {@code target}) is refused further writes.
     */
    void syncFile(DiskFile file, String shownAs, Path target) throws IOException {
        // Timed and reported only where it is read (a listener, a JFR recording, slow-flush warnings): the two clock
        // reads and the path's text were 3 % of an in-memory atomicWrite, and the built-in diagnostics drop both.
        boolean reported = telemetry.timesFlushes();
        long start = reported ? System.nanoTime() : 0;
        boolean failed = true;
        try {
            file.sync();
            failed = false;
        } catch (IOException e) {
            failures.fileLost(target);
            throw new DurabilityLostException(shownAs, "flushing the file's data failed (" + e + ")", e);
        } finally {
            if (reported) {
                telemetry.listener().flush(FlushKind.FILE, target.toString(), System.nanoTime() - start, 1, failed);
            }
        }
    }

    /**
     * Waits for a shared flush of a log covering the change numbered {@code sequence} in {@code group}, as the waiter
     * {@code enrolled} there on this thread's behalf, if any; {@code beforeFlush} (or null) is run if this thread
     * leads the flush ({@link GroupCommit.Flush#beforeFlush}).
     */
    void awaitFile(GroupCommit group, long sequence, GroupCommit.Waiter enrolled, DiskFile file, Runnable beforeFlush,
                   String shownAs, Path target) throws IOException {
        GroupCommit.Flush flush = new GroupCommit.Flush() {
            @Override
            public void run() throws IOException {
                file.sync();
            }

            @Override
            public void beforeFlush() {
                if (beforeFlush != null) {
                    beforeFlush.run();
                }
            }
        };
        try {
            group.await(sequence, flush, enrolled);
        } catch (InterruptedIOException e) {
            throw e;
        } catch (IOException e) {
            failures.fileLost(target);
            throw new DurabilityLostException(shownAs, "flushing the file's data failed (" + e + ")", e);
        }
    }

    /** Records that an entry of {@code dir} changed; pass the result to {@link #awaitDirectory}. */
    Change changed(Path dir) {
        GroupCommit group = group(dir);
        return new Change(dir, group, group.register());
    }

    /** Returns once a sync of the changed directory that started after {@code change} has completed. */
    void awaitDirectory(Change change, String shownAs) throws IOException {
        Path dir = change.dir();
        try {
            change.group().await(change.sequence(), () -> disk.syncDirectory(dir));
        } catch (InterruptedIOException e) {
            throw e;
        } catch (IOException e) {
            failures.directoryLost(dir);
            throw new DurabilityLostException(shownAs, "syncing directory '" + dir.getFileName()
                    + "' failed (" + e + "), so its recent entries may be lost", e);
        }
    }

    /** Makes every change of {@code dir} made before this call durable. */
    void syncDirectory(Path dir, String shownAs) throws IOException {
        awaitDirectory(changed(dir), shownAs);
    }

    /**
     * Makes a file, or a directory and everything in it (every file's data, every directory's entries), durable;
     * links are not followed. For a promise over content written any way before it — non-durable appends and
     * atomic writes, renames in, directories made on the way — so no power loss after the promise returns can
     * keep the tree's new name but lose a file, an entry or a log's unsynced records inside it.
     */
    void syncTree(Path path, String shown, FileReads reads) throws IOException {
        DiskStat st = disk.stat(path);
        if (st == null || st.isSymlink()) {
            return;
        }
        List<Path> files = new ArrayList<>();
        List<Path> directories = new ArrayList<>();
        collect(path, st, files, directories);
        // Flushed concurrently: the file system's journal then commits many fsyncs in one transaction, where a
        // loop would wait for one commit per file (10,000 files: seconds). Every file is flushed before any
        // directory, and both before this returns, so what the caller publishes next is whole after a crash.
        flushAll(files, f -> {
            DiskFile file = reads.open(f);
            try {
                syncFile(file, shown, f);
            } finally {
                reads.close(f, file);
            }
        });
        flushAll(directories, d -> syncDirectory(d, shown));
    }

    /** The tree's regular files, and its directories children first; links and special files are skipped. */
    private void collect(Path path, DiskStat st, List<Path> files, List<Path> directories) throws IOException {
        if (st.isFile()) {
            files.add(path);
            return;
        }
        if (!st.isDirectory()) {
            return;
        }
        for (String entry : disk.list(path)) {
            Path child = path.resolve(entry);
            DiskStat cs = disk.stat(child);
            if (cs != null && !cs.isSymlink()) {
                collect(child, cs, files, directories);
            }
        }
        directories.add(path);
    }

    private interface Flush {
        void flush(Path path) throws IOException;
    }

    /**
     * Runs {@code flush} on every path, from up to {@link #FLUSHERS} threads, and returns once all have finished.
     * A failed flush does not stop the others (each failure is final and marked by the flush itself); the first
     * failure is thrown with every other one attached as suppressed, so none is lost.
     */
    private static void flushAll(List<Path> paths, Flush flush) throws IOException {
        int threads = Math.min(FLUSHERS, paths.size() / FILES_PER_FLUSHER);
        List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int i = next.getAndIncrement(); i < paths.size(); i = next.getAndIncrement()) {
                try {
                    flush.flush(paths.get(i));
                } catch (IOException | RuntimeException | Error e) {
                    errors.add(e);
                }
            }
        };
        List<Thread> helpers = new ArrayList<>();
        for (int t = 1; t < threads; t++) {
            Thread h = new Thread(worker, "vikingfs-flush-" + t);
            h.setDaemon(true); // never keeps the JVM alive; the caller waits for it below anyway
            h.start();
            helpers.add(h);
        }
        worker.run();
        boolean interrupted = false;
        for (Thread h : helpers) {
            while (true) {
                try {
                    h.join(); // a flush in flight must be accounted for before the caller learns the outcome
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (errors.isEmpty()) {
            return;
        }
        Throwable first = errors.get(0);
        for (Throwable other : errors.subList(1, errors.size())) {
            first.addSuppressed(other);
        }
        if (first instanceof IOException io) {
            throw io;
        }
        if (first instanceof RuntimeException re) {
            throw re;
        }
        throw (Error) first;
    }

    private GroupCommit group(Path dir) {
        GroupCommit group = directoryGroups.get(dir);
        if (group != null) {
            return group;
        }
        group = directoryGroups.computeIfAbsent(dir, d -> new GroupCommit(telemetry, FlushKind.DIRECTORY, d));
        if (groupsBound.due(directoryGroups.size())) {
            dropIdleGroups(group);
        }
        return group;
    }

    /**
     * Drops every idle group (no waiter) but {@code keep} and the failed ones (a failed sync is final for its
     * directory's later waiters too).
     */
    private void dropIdleGroups(GroupCommit keep) {
        var it = directoryGroups.values().iterator();
        while (it.hasNext()) {
            GroupCommit g = it.next();
            if (g != keep && g.idle() && !g.failed()) {
                it.remove();
            }
        }
        groupsBound.swept(directoryGroups.size());
    }

    /** How many directories' groups are kept (tests: bounded). */
    int directoryGroups() {
        return directoryGroups.size();
    }
}
