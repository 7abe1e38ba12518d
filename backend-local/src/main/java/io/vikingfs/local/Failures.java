package io.vikingfs.local;

import io.vikingfs.DurabilityLostException;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this instance could not sync. A failed fsync is final (the kernel may already have dropped the dirty pages,
 * so a retry that succeeds proves nothing): writes to a file whose sync failed, and to any entry of a directory
 * whose sync failed, are refused until the store is reopened and recovery has run.
 */
final class Failures {
    private final Set<Path> lostFiles = ConcurrentHashMap.newKeySet();
    private final Set<Path> lostDirectories = ConcurrentHashMap.newKeySet();

    void fileLost(Path file) {
        lostFiles.add(file);
    }

    void directoryLost(Path dir) {
        lostDirectories.add(dir);
    }

    /** Throws if a write to {@code target} (a file or directory entry) is refused. */
    void checkWritable(String shownPath, Path target) throws DurabilityLostException {
        if (lostFiles.isEmpty() && lostDirectories.isEmpty()) {
            return; // the usual case, without hashing the path (per write: on Jimfs, a path hash is not cheap)
        }
        if (lostFiles.contains(target)) {
            throw new DurabilityLostException(shownPath, "an earlier flush of this file failed", null);
        }
        Path parent = target.getParent();
        if (lostDirectories.contains(target) || parent != null && lostDirectories.contains(parent)) {
            throw new DurabilityLostException(shownPath, "an earlier flush of its directory failed", null);
        }
    }
}
