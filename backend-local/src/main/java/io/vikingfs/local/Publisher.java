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
import java.util.concurrent.ConcurrentHashMap;

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
    private final Disk disk;
    private final Failures failures;
    private final Telemetry telemetry;
    private final ConcurrentHashMap<Path, GroupCommit> directoryGroups = new ConcurrentHashMap<>();

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
        long start = System.nanoTime();
        boolean failed = true;
        try {
            file.sync();
            failed = false;
        } catch (IOException e) {
            failures.fileLost(target);
            throw new DurabilityLostException(shownAs, "flushing the file's data failed (" + e + ")", e);
        } finally {
            telemetry.listener().flush(FlushKind.FILE, target.toString(), System.nanoTime() - start, 1, failed);
        }
    }

    /** Waits for a shared flush of a log covering the change numbered {@code sequence} in {@code group}. */
    void awaitFile(GroupCommit group, long sequence, DiskFile file, String shownAs, Path target) throws IOException {
        try {
            group.await(sequence, file::sync);
        } catch (InterruptedIOException e) {
            throw e;
        } catch (IOException e) {
            failures.fileLost(target);
            throw new DurabilityLostException(shownAs, "flushing the file's data failed (" + e + ")", e);
        }
    }

    /** Records that an entry of {@code dir} changed; pass the result to {@link #awaitDirectory}. */
    long changed(Path dir) {
        return group(dir).register();
    }

    /** Returns once a sync of {@code dir} that started after change {@code sequence} has completed. */
    void awaitDirectory(Path dir, long sequence, String shownAs) throws IOException {
        try {
            group(dir).await(sequence, () -> disk.syncDirectory(dir));
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
        awaitDirectory(dir, changed(dir), shownAs);
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
        if (st.isFile()) {
            DiskFile f = reads.open(path);
            try {
                syncFile(f, shown, path);
            } finally {
                reads.close(path, f);
            }
            return;
        }
        for (String entry : disk.list(path)) {
            syncTree(path.resolve(entry), shown, reads);
        }
        syncDirectory(path, shown);
    }

    private GroupCommit group(Path dir) {
        return directoryGroups.computeIfAbsent(dir, d -> new GroupCommit(telemetry, FlushKind.DIRECTORY, d));
    }
}
