package io.vikingfs.local;

import io.vikingfs.StagedDirectory;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.VikingFsException;
import io.vikingfs.local.disk.Disk;
import io.vikingfs.local.disk.DiskFile;
import io.vikingfs.local.disk.DiskLock;
import io.vikingfs.local.disk.DiskStat;
import io.vikingfs.spi.StagingNames;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Staging directories the library owns ({@link VikingFs#stage}). A staging {@code <live>.staged-<id>} is a plain
 * directory beside {@code live}; the library's record of it is the file {@code .vfs-stage-<id>} beside it, holding
 * the staging's name. The record is written and synced (with its directory) before the staging directory is
 * created, so after any crash a staging directory has its record.
 *
 * <p><b>Ownership.</b> The owner holds a {@code FileLock} on the record from creation until it commits or
 * aborts (or closes the store), and registers the record JVM-wide. A staging is <i>abandoned</i> when its record
 * is registered by no open instance of this JVM and its lock can be taken: the OS releases the lock of a dead
 * process, so a staging is reclaimed exactly when no running process owns it. Recovery then removes the tree
 * (syncing its directory) and only then the record, so a crash in between leaves a record to finish the job.
 */
final class Staging {
    /**
     * Records owned by an open handle of any instance of this JVM, by real path (instances may reach one folder
     * through different links): never opened by recovery, whose closing of the file would drop the owner's POSIX lock.
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private record Owned(DiskFile file, DiskLock lock) {
    }

    private final Disk disk;
    private final Resolver resolver;
    private final Publisher publisher;
    private final Namespace namespace;
    private final Failures failures;
    private final Path realRoot;
    private final Map<Path, Owned> owned = new ConcurrentHashMap<>();

    Staging(Disk disk, Path realRoot, Resolver resolver, Publisher publisher, Namespace namespace, Failures failures) {
        this.disk = disk;
        this.realRoot = realRoot;
        this.resolver = resolver;
        this.publisher = publisher;
        this.namespace = namespace;
        this.failures = failures;
    }

    private Path held(Path record) {
        return realRoot.resolve(disk.root().relativize(record).toString()).normalize();
    }

    StagedDirectory stage(VikingFs fs, VPath live) throws IOException {
        if (live.isRoot()) {
            throw new VikingFsException("", "the store's root cannot be replaced by a staging; stage a directory below it");
        }
        if (resolver.resolve(live).isFile()) {
            throw new NotDirectoryException(live.toString());
        }
        Path parent = resolver.ensureDirectory(live.parent(), true);
        failures.checkWritable(live.toString(), parent.resolve(live.name()));
        String id = StagingNames.newId();
        String name = StagingNames.name(live.name(), id);
        Path record = parent.resolve(LibraryNames.STAGE_RECORD_PREFIX + id);
        HELD.add(held(record));
        DiskFile file = null;
        DiskLock lock = null;
        boolean created = false;
        try {
            file = disk.createNew(record);
            lock = file.lock();
            if (disk.stat(record) == null) {
                // another process's recovery took the lock first and removed the empty record as abandoned
                throw new VikingFsException(live.toString(), "the staging record was reclaimed while being created; "
                        + "retry stage");
            }
            file.write(ByteBuffer.wrap((name + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            publisher.syncFile(file, live.toString(), record);
            publisher.syncDirectory(parent, live.toString()); // the record is durable before the directory exists
            disk.createDirectory(parent.resolve(name));
            created = true;
            publisher.syncDirectory(parent, live.toString());
        } catch (IOException | RuntimeException e) {
            try {
                if (file != null && !created) { // once the directory exists, both are left to recovery
                    disk.delete(record);
                }
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            release(new Owned(file, lock), held(record), e);
            throw e;
        }
        owned.put(record, new Owned(file, lock));
        return StagedDirectory.of(fs, live.parent().resolve(name), live, () -> remove(record));
    }

    /** The owner is done (the staging was switched or deleted): remove the record, then give up the lock. */
    private void remove(Path record) throws IOException {
        Owned o = owned.remove(record);
        if (o == null) {
            return; // removed already, or left to recovery by close()
        }
        IOException failed = null;
        try {
            disk.delete(record);
        } catch (NoSuchFileException gone) {
            // the goal holds
        } catch (IOException e) {
            failed = e;
        }
        release(o, held(record), failed);
        if (failed != null) {
            throw failed;
        }
    }

    private static void release(Owned o, Path heldRecord, Exception pending) {
        try (DiskFile f = o.file(); DiskLock l = o.lock()) {
            // closing releases the lock, then the descriptor
        } catch (IOException e) {
            if (pending != null) {
                pending.addSuppressed(e);
            }
        } finally {
            HELD.remove(heldRecord);
        }
    }

    /** The store is closing: its open stagings are left to recovery, as a process exit would leave them. */
    void closeAll() {
        for (Path record : List.copyOf(owned.keySet())) {
            Owned o = owned.remove(record);
            if (o != null) {
                release(o, held(record), null);
            }
        }
    }

    /**
     * Reports (and if {@code apply} reclaims) the abandoned stagings recorded in {@code dir}: each staging
     * directory (never through a link) and then its record; a record naming no directory is dropped.
     */
    void recover(Path dir, String shownDir, boolean apply, List<String> stagings, List<String> other)
            throws IOException {
        for (String entry : disk.list(dir)) {
            if (!entry.startsWith(LibraryNames.STAGE_RECORD_PREFIX)) {
                continue;
            }
            Path record = dir.resolve(entry);
            if (HELD.contains(held(record))) {
                continue; // owned by an open instance of this JVM
            }
            DiskFile f;
            try {
                f = disk.openWrite(record);
            } catch (NoSuchFileException gone) {
                continue;
            }
            try (DiskFile open = f) {
                DiskLock lock;
                try {
                    lock = open.tryLock();
                } catch (OverlappingFileLockException busy) {
                    continue; // another instance of this JVM is recovering it
                }
                if (lock == null) {
                    continue; // its owner, in another process, is alive
                }
                try (DiskLock ignored = lock) {
                    if (disk.stat(record) == null) {
                        continue; // its owner finished meanwhile
                    }
                    reclaim(dir, shownDir, entry, FileReads.readAll(shownDir + entry, open), apply, stagings, other);
                }
            }
        }
    }

    private void reclaim(Path dir, String shownDir, String entry, byte[] content, boolean apply,
                         List<String> stagings, List<String> other) throws IOException {
        String name = recordedName(entry.substring(LibraryNames.STAGE_RECORD_PREFIX.length()), content);
        DiskStat st = name == null ? null : disk.stat(dir.resolve(name));
        if (st != null && st.isDirectory()) { // a plain directory: a link (a live pointer) is never ours to remove
            stagings.add(shownDir + name);
            if (apply) {
                namespace.removeTree(dir.resolve(name));
                publisher.syncDirectory(dir, shownDir + name); // the tree is gone before its record is
            }
        } else {
            other.add(shownDir + entry);
        }
        if (apply) {
            disk.delete(dir.resolve(entry));
        }
    }

    /** The staging name a record holds, or null if it is torn (its staging was never created) or not ours. */
    private static String recordedName(String id, byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8);
        if (!text.endsWith("\n")) {
            return null;
        }
        String name = text.substring(0, text.length() - 1);
        return id.equals(StagingNames.idOf(name)) ? name : null;
    }
}
