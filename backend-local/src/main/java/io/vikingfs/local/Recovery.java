package io.vikingfs.local;

import io.vikingfs.RecoveryReport;
import io.vikingfs.VPath;
import io.vikingfs.local.disk.Disk;
import io.vikingfs.local.disk.DiskFile;
import io.vikingfs.local.disk.DiskLock;
import io.vikingfs.local.disk.DiskStat;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Finds and reclaims what interrupted operations left, walking every real directory of the store (links are
 * never followed):
 * <ul>
 *   <li>{@code .vfs-tmp-…} temp files whose writer is gone: not in use by this JVM, and not locked by a writer in
 *       another process (a writer locks its temp file from creation to publication), and at least
 *       {@link LocalOptions#tempReclaimAge()} old (default zero: an extra margin, e.g. for programs that do not
 *       lock); temp links of pointer swaps, found under their directory's lock;</li>
 *   <li>abandoned stagings of {@code stage} — their owner is gone: no open instance of this JVM holds them and
 *       no process holds the lock on their record ({@link Staging}); a user's own directory is never one;</li>
 *   <li>interrupted plain-directory conversions (rolled forward), stale intents, and generations no pointer
 *       references — abandoned staging and superseded trees — each under its live directory's switch lock
 *       ({@link DirectorySwitch#recover}); the live generation is never touched;</li>
 *   <li>rename links ({@code .vfs-mv-…}) of interrupted renames across directories: deleted while the file has
 *       another name, else (a strict-POSIX power loss kept neither src nor dst) moved to dst — a no-replace link
 *       only onto a free dst (a taken one was written after the rename, so the link is stale and deleted);</li>
 *   <li>one file at two visible names: a power loss kept both names of a rename not yet durable (the target's new
 *       entry and the source's old one, which a file system without a metadata journal persists independently;
 *       or a lost rename under a later one). Each name gets its own copy (same bytes), under the locks an append
 *       to either name takes, so a write to one never shows at the other. The library keeps no hard link of its
 *       own beyond a rename's, so a hard link made outside it is split too (decided: a store's file has one
 *       name). Only files whose link count is above one are remembered during the walk (where the disk cannot
 *       count links, every file's key is, one map entry per file of the store).</li>
 * </ul>
 * Lock files ({@code .vfs-lock}, {@code .vfs-swlock-…}) are kept: the OS releases a dead process's lock, so they
 * are never stale, and removing one while another process holds it would split the lock in two.
 *
 * <p>Idempotent, and a crash while it runs leaves a state it recovers from. Torn log tails are not touched here:
 * the next append (or {@code repairLog}) removes them under the log's lock.
 */
final class Recovery {
    private final Disk disk;
    private final FileLocks locks;
    private final DirectorySwitch switches;
    private final Staging staging;
    private final Duration tempReclaimAge;
    private final Publisher publisher;
    private final FileReads reads;

    Recovery(Disk disk, FileLocks locks, DirectorySwitch switches, Staging staging, Duration tempReclaimAge,
             Publisher publisher, FileReads reads) {
        this.disk = disk;
        this.publisher = publisher;
        this.reads = reads;
        this.locks = locks;
        this.switches = switches;
        this.staging = staging;
        this.tempReclaimAge = tempReclaimAge;
    }

    /**
     * A temp file is abandoned if its writer's lock can be taken (a live writer holds it until the file is
     * published, and then the path is gone). Blocks while a writer in another process is between its temp write
     * and its rename (milliseconds).
     */
    private boolean reclaimFile(Path p, DiskStat st, boolean apply) throws IOException {
        DiskFile f;
        try {
            f = disk.openWrite(p);
        } catch (NoSuchFileException gone) {
            return false; // published or reclaimed meanwhile
        }
        try (DiskFile open = f; DiskLock ignored = open.lock()) {
            DiskStat now = disk.stat(p);
            if (now == null || !Objects.equals(now.fileKey(), st.fileKey())) {
                return false; // its writer published it while we waited
            }
            if (apply) {
                disk.delete(p);
            }
            return true;
        }
    }

    /** Temp links exist only under their directory's lock (pointer swaps): one found under it is abandoned. */
    private boolean reclaimLink(Path dir, Path p, boolean apply) throws IOException {
        try (FileLocks.Held ignored = locks.directory(dir)) {
            if (disk.stat(p) == null) {
                return false;
            }
            if (apply) {
                disk.delete(p);
            }
            return true;
        }
    }

    /**
     * A rename link ({@link Namespace}) left by an interrupted rename across directories: deleted while its file
     * has another name (src or dst), else renamed to dst — after a strict-POSIX power loss that kept the source's
     * removal but not the target's entry, it is the file's only name, and reclaiming it would lose the file.
     */
    private void settleRenameLink(Path dir, String shown, String entry, boolean apply, List<String> temps,
                                  List<String> other) throws IOException {
        Path p = dir.resolve(entry);
        String target = LibraryNames.renameTarget(entry);
        try (FileLocks.Held ignored = locks.directory(dir)) {
            DiskStat st = disk.stat(p);
            if (st == null || !st.isFile()) {
                return;
            }
            int links = disk.linkCount(p);
            if (links > 1) {
                temps.add(shown + entry);
                if (apply) {
                    disk.delete(p);
                }
                return;
            }
            if (links != 1 || !apply) {
                other.add(shown + entry + (links == 1 ? " (the only name left of a file renamed to " + shown + target
                        + "; recovery moves it there)" : " (a rename link whose link count this disk cannot tell;"
                        + " kept: move it to " + shown + target + " or delete it if that file is whole)"));
                return;
            }
            Path dst = dir.resolve(target);
            DiskStat at = disk.stat(dst);
            if (LibraryNames.renameReplaces(entry) && (at == null || at.isFile())) {
                publisher.rename(p, dst); // its removal is synced before the rename returns: a crash in the call
            } else if (at == null) {
                publisher.link(p, dst); // no-replace: dst was free when the rename checked it
                // The new name durable before the rename link goes: both are changes of this directory, and
                // strict POSIX may persist the removal alone — the file's only name lost.
                publisher.syncDirectory(dir, shown + target);
                disk.delete(p);
            } else {
                // No-replace, dst taken: only a later write can have put a file there after the rename returned,
                // and the link's removal was lost: the renamed bytes were superseded there.
                temps.add(shown + entry);
                disk.delete(p);
                return;
            }
            other.add(shown + target + " (restored from its rename link: a power loss kept neither name)");
        }
        publisher.syncDirectory(dir, shown + target);
    }

    /**
     * Replaces {@code p} by a copy of its bytes, durably, so it no longer shares its file with {@code first}. Under
     * the locks an append to either name takes (JVM-wide, then the file's {@code FileLock}), so no appender in
     * this or another process or instance writes in between and loses its records to the old file; closing the
     * descriptor drops no other writer's POSIX lock, as every writer of this JVM waits on the JVM-wide locks.
     */
    private void ownCopy(Path dir, Path p, Path first, Object fileKey, String shown) throws IOException {
        try (FileLocks.Held writers = locks.writers(p, first)) {
            DiskFile f;
            try {
                f = disk.openWrite(p);
            } catch (NoSuchFileException gone) {
                return; // removed meanwhile: nothing shared any more
            }
            try (DiskFile open = f; DiskLock cross = open.lock()) {
                DiskStat now = disk.stat(p);
                DiskStat other = disk.stat(first);
                if (now == null || other == null || !Objects.equals(now.fileKey(), fileKey)
                        || !Objects.equals(other.fileKey(), fileKey)) {
                    return; // replaced by a writer meanwhile: the names no longer share a file
                }
                byte[] bytes = FileReads.readAll(shown, open);
                try (FileLocks.Held entries = locks.directory(dir);
                     TempFiles.Written temp = TempFiles.write(disk, publisher, TempFiles.claim(dir), bytes, shown, p)) {
                    publisher.rename(temp.path, p);
                    temp.published();
                }
            }
        }
        publisher.syncDirectory(dir, shown);
    }

    /** A file's first name found by the scan: its path, and as shown in reports. */
    private record Named(Path path, String shown) {
    }

    RecoveryReport recover(boolean apply) throws IOException {
        List<String> temps = new ArrayList<>();
        List<String> generations = new ArrayList<>();
        List<String> other = new ArrayList<>();
        List<String> stagings = new ArrayList<>();
        long cutoff = System.currentTimeMillis() * 1_000_000L - tempReclaimAge.toNanos();
        scan(disk.root(), "", apply, cutoff, new Found(temps, generations, other, stagings, new HashMap<>()));
        return new RecoveryReport(temps, generations, other, apply, stagings);
    }

    /** What the scan found so far; {@code files}: the first name of each file that may have another. */
    private record Found(List<String> temps, List<String> generations, List<String> other, List<String> stagings,
                         Map<Object, Named> files) {
    }

    private void scan(Path dir, String shown, boolean apply, long cutoffNanos, Found found) throws IOException {
        for (String entry : disk.list(dir)) {
            if (LibraryNames.isRenameLink(entry) && !TempFiles.inFlight(dir.resolve(entry))) {
                settleRenameLink(dir, shown, entry, apply, found.temps(), found.other());
                continue;
            }
            if (!LibraryNames.isTemp(entry)) {
                continue;
            }
            Path p = dir.resolve(entry);
            DiskStat st = disk.stat(p);
            boolean young = !tempReclaimAge.isZero() && st != null && st.modifiedNanos() > cutoffNanos;
            if (st == null || st.isDirectory() || TempFiles.inFlight(p) || young) {
                continue;
            }
            if (st.isSymlink() ? reclaimLink(dir, p, apply) : reclaimFile(p, st, apply)) {
                found.temps().add(shown + entry);
            }
        }
        staging.recover(dir, shown, apply, found.stagings(), found.other());
        switches.recover(dir, shown, apply, found.generations(), found.other());
        for (String entry : disk.list(dir)) {
            Path p = dir.resolve(entry);
            DiskStat st = disk.stat(p);
            if (st != null && st.isDirectory()) {
                scan(p, shown + entry + "/", apply, cutoffNanos, found);
            } else if (st != null && st.isFile() && st.fileKey() != null && !VPath.isReserved(entry)
                    && disk.linkCount(p) != 1) {
                // Only files with another name are remembered (all of them where the disk cannot count links).
                Named first = found.files().putIfAbsent(st.fileKey(), new Named(p, shown + entry));
                if (first != null) {
                    // Crash state prevented: after a power loss one file is at both names of a rename, and an
                    // append or write to the old name silently changes the new one (A1 of the other log).
                    found.other().add(shown + entry + " (the same file as " + first.shown() + ", left by an interrupted"
                            + " rename or linked outside the library; given its own copy)");
                    if (apply) {
                        ownCopy(dir, p, first.path(), st.fileKey(), shown + entry);
                    }
                }
            }
        }
    }
}
