package io.vikingfs.local;

import io.vikingfs.RecoveryReport;
import io.vikingfs.local.disk.Disk;
import io.vikingfs.local.disk.DiskFile;
import io.vikingfs.local.disk.DiskLock;
import io.vikingfs.local.disk.DiskStat;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 *       ({@link DirectorySwitch#recover}); the live generation is never touched.</li>
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

    Recovery(Disk disk, FileLocks locks, DirectorySwitch switches, Staging staging, Duration tempReclaimAge) {
        this.disk = disk;
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

    RecoveryReport recover(boolean apply) throws IOException {
        List<String> temps = new ArrayList<>();
        List<String> generations = new ArrayList<>();
        List<String> other = new ArrayList<>();
        List<String> stagings = new ArrayList<>();
        long cutoff = System.currentTimeMillis() * 1_000_000L - tempReclaimAge.toNanos();
        scan(disk.root(), "", apply, cutoff, new Found(temps, generations, other, stagings));
        return new RecoveryReport(temps, generations, other, apply, stagings);
    }

    private record Found(List<String> temps, List<String> generations, List<String> other, List<String> stagings) {
    }

    private void scan(Path dir, String shown, boolean apply, long cutoffNanos, Found found) throws IOException {
        for (String entry : disk.list(dir)) {
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
            }
        }
    }
}
