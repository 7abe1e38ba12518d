package io.vikingfs.local;

import io.vikingfs.RenameOptions;
import io.vikingfs.VPath;
import io.vikingfs.VikingFsException;
import io.vikingfs.local.disk.Disk;
import io.vikingfs.local.disk.DiskStat;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Renames, deletes and directory creation.
 *
 * <p><b>Rename.</b> One rename(2), so after a process crash, or a power loss on a journaling file system, the entry
 * is at exactly one of src or dst. Without {@code replace} the target's absence is checked and the rename done
 * under the cross-process locks of both parent directories (in a fixed order), which every library writer that
 * creates entries takes: no VikingFS writer can slip in between. A program that does not use VikingFS (or a
 * {@code mkdirs} racing a directory rename) could. (A hard link to dst + unlink of src would never clobber either,
 * but a process crash between the two would leave the file at both names: rename(2) stays the step that moves.)
 * When durable, both parent directories are synced (once if the same), the target first; a rename across
 * directories syncs the target even when not durable, and a durable one first makes what it moves durable
 * ({@link Publisher#syncTree}).
 *
 * <p>A <em>file</em> renamed across directories first gets a durable rename link in the target directory
 * ({@code .vfs-mv-…-<name>}, {@link LibraryNames}), removed once dst is durable: where a power loss persists the two
 * directories' halves of the rename independently (strict POSIX), it may keep src's removal without dst's entry,
 * and then the link is the file's only name; recovery moves it to dst (without replace: only if dst is free — else
 * a later write superseded it and the link is removed; with replace, the link's removal is synced before the call
 * returns, so one found is a crash in the call). While the file has another name, recovery just deletes the link —
 * after a process crash the file is thus still at exactly one name. A directory cannot be
 * hard-linked: an in-flight directory rename across directories can, under strict POSIX, lose the tree's entry
 * (the POSIX limit; a non-journaling fsck puts it in lost+found).
 *
 * <p><b>Delete.</b> Under the parent's lock; the parent is synced afterwards (deletes are durable). The library's
 * own entries inside a directory ({@code .vfs-lock}, abandoned temp files) do not make it non-empty.
 */
final class Namespace {
    private final Disk disk;
    private final Resolver resolver;
    private final Publisher publisher;
    private final FileLocks locks;
    private final Failures failures;
    private final FileReads reads;

    Namespace(Disk disk, Resolver resolver, Publisher publisher, FileLocks locks, Failures failures, FileReads reads) {
        this.disk = disk;
        this.reads = reads;
        this.resolver = resolver;
        this.publisher = publisher;
        this.locks = locks;
        this.failures = failures;
    }

    void rename(VPath src, VPath dst, RenameOptions options) throws IOException {
        if (src.isRoot() || dst.isRoot()) {
            throw new VikingFsException(src.isRoot() ? "" : dst.toString(), "the store's root cannot be renamed "
                    + "or replaced; rename entries below it");
        }
        if (!src.equals(dst) && src.contains(dst)) {
            throw new FileSystemException(src.toString(), dst.toString(), "cannot move a directory into itself");
        }
        Resolver.Resolved s = resolver.resolve(src);
        if (!s.exists()) {
            throw new NoSuchFileException(src.toString(), dst.toString(), "nothing to rename at this path");
        }
        if (s.pointer()) {
            throw new VikingFsException(src.toString(), "is a live directory managed by switchDirectory; move its "
                    + "content with switchDirectory(…) or copy it, rather than renaming the pointer");
        }
        // Always durable, even for a non-durable rename: if the rename persisted but a new parent's entry did not,
        // a power loss would leave the bytes at neither name (R1). Costs a sync only for a directory not yet known
        // durable.
        Path dstDir = resolver.ensureDirectory(dst.parent(), true);
        Path dstPath = dstDir.resolve(dst.name());
        failures.checkWritable(src.toString(), s.entry());
        failures.checkWritable(dst.toString(), dstPath);
        if (options.durable()) {
            // Crash state prevented: a durable rename returned, yet what was written into src non-durably (a log's
            // unsynced records, an atomicWrite's directory entry, files and directories of a tree) is lost by a
            // power loss, so dst is empty, short or missing files (R2). The promise covers all of it. Synced
            // before the directory locks are taken: no lock is held across these flushes.
            publisher.syncTree(s.entry(), src.toString(), reads);
        }
        boolean acrossDirectories = !dstDir.equals(s.parent());
        for (int attempt = 0; ; attempt++) {
            Path link = acrossDirectories ? durableLink(s.entry(), dstDir, dst, options.replace()) : null;
            boolean moved;
            try {
                moved = renameOnce(s, src, dst, dstDir, dstPath, link, options);
            } finally {
                if (link != null) {
                    dropLink(link);
                }
            }
            if (moved) {
                if (link != null && options.replace()) {
                    // Crash state prevented: the link's removal lost while a later write replaced dst; recovery,
                    // finding a replacing link as its file's only name, would put the renamed bytes back over the
                    // newer ones. A no-replace link needs no sync: recovery never moves one onto a taken name.
                    publisher.syncDirectory(dstDir, dst.toString());
                }
                return;
            }
            if (attempt == 16) {
                throw new VikingFsException(src.toString(), "the file keeps being replaced by another writer while "
                        + "it is renamed; nothing moved — stop the other writer and retry");
            }
        }
    }

    /**
     * The rename(2) itself, under both directories' locks, then the syncs. With a rename {@code link}, first checks
     * that it still names the file at src; returns false (nothing moved) if another writer replaced src meanwhile.
     */
    private boolean renameOnce(Resolver.Resolved s, VPath src, VPath dst, Path dstDir, Path dstPath, Path link,
                               RenameOptions options) throws IOException {
        Publisher.Change srcChange;
        Publisher.Change dstChange;
        try (FileLocks.Held ignored = locks.directories(s.parent(), dstDir)) {
            DiskStat now = disk.stat(s.entry());
            if (now == null) {
                throw new NoSuchFileException(src.toString(), dst.toString(), "removed while renaming; nothing moved");
            }
            if (s.entry().equals(dstPath)) {
                if (!options.replace()) {
                    throw new FileAlreadyExistsException(dst.toString(), src.toString(),
                            "the target exists (it is the source); pass replace to allow it");
                }
                return true;
            }
            DiskStat target = disk.stat(dstPath);
            if (target != null) {
                if (!options.replace()) {
                    throw new FileAlreadyExistsException(dst.toString(), src.toString(),
                            "the target exists; pass RenameOptions.withReplace(true) to replace a file");
                }
                if (!target.isFile() || !now.isFile()) {
                    throw new FileAlreadyExistsException(dst.toString(), src.toString(),
                            "the target exists and only a file may replace a file; delete it first");
                }
            }
            if (link != null) {
                DiskStat linked = disk.stat(link);
                if (linked == null || !Objects.equals(linked.fileKey(), now.fileKey())) {
                    return false; // src was replaced after the link was made: link the new file
                }
            }
            publisher.rename(s.entry(), dstPath);
            dstChange = publisher.changed(dstDir);
            srcChange = dstDir.equals(s.parent()) ? dstChange : publisher.changed(s.parent());
        }
        boolean acrossDirectories = !dstDir.equals(s.parent());
        if (options.durable() || acrossDirectories) {
            // The target first, even when not durable: once the call returns, dst must be durable before the
            // source's removal can be (synced by any later call there), or a power loss loses both names (R1).
            publisher.awaitDirectory(dstChange, dst.toString());
        }
        if (options.durable() && acrossDirectories) {
            publisher.awaitDirectory(srcChange, src.toString());
        }
        return true;
    }

    /**
     * Crash state prevented: under strict POSIX a rename across directories is two independent entry changes, and
     * a power loss before the target directory's sync may keep the source's removal but not the target's new entry
     * — the file at neither name (R1). So a file first gets a durable second name in the target directory (a
     * rename link, which recovery deletes while the file has another name and otherwise renames to dst). Returns
     * null where that cannot be done (a directory, which cannot be hard-linked — the POSIX limit; a file system
     * that cannot count links; a target name too long for a link name); the rename then runs without it.
     */
    private Path durableLink(Path srcEntry, Path dstDir, VPath dst, boolean replace) throws IOException {
        String name = LibraryNames.newRenameLinkName(dst.name(), replace);
        DiskStat st = disk.stat(srcEntry);
        if (name == null || st == null || !st.isFile() || disk.linkCount(srcEntry) < 1) {
            return null;
        }
        Path link = TempFiles.claimAt(dstDir.resolve(name));
        try {
            publisher.link(srcEntry, link);
        } catch (NoSuchFileException gone) {
            TempFiles.done(link);
            return null; // src removed meanwhile: the rename reports it
        } catch (IOException noLinks) {
            TempFiles.done(link);
            return null; // e.g. a file system without hard links: rename(2) alone is still atomic
        }
        try {
            publisher.syncDirectory(dstDir, dst.toString());
        } catch (IOException | RuntimeException e) {
            dropLink(link);
            throw e;
        }
        return link;
    }

    /** Removes a rename link once dst is durable (or nothing moved); if its removal is lost, recovery removes it. */
    private void dropLink(Path link) throws IOException {
        try {
            disk.delete(link);
        } catch (NoSuchFileException gone) {
            // removed by a recovery meanwhile: the goal holds
        } finally {
            TempFiles.done(link);
        }
    }

    /** Deletes a file or an empty directory; returns false if nothing was there and {@code mustExist} is false. */
    boolean delete(VPath path, boolean mustExist) throws IOException {
        refuseRoot(path, "delete");
        Resolver.Resolved r = resolver.resolve(path);
        if (!r.exists()) {
            if (mustExist) {
                throw new NoSuchFileException(path.toString(), null, "nothing to delete at this path");
            }
            return false;
        }
        failures.checkWritable(path.toString(), r.entry());
        if (r.isDirectory()) {
            for (String name : disk.list(r.path())) {
                if (!VPath.isReserved(name)) {
                    throw new DirectoryNotEmptyException(path.toString());
                }
            }
        }
        try (FileLocks.Held ignored = locks.directory(r.parent())) {
            if (r.pointer()) {
                disk.delete(r.entry()); // the pointer first: a crash leaves an unreferenced generation, reclaimed
            } else if (r.isDirectory()) {
                removeEmptyDirectory(path, r.path());
            } else {
                disk.delete(r.entry());
            }
        }
        publisher.syncDirectory(r.parent(), path.toString());
        if (r.pointer()) {
            removeTree(r.path());
        }
        return true;
    }

    void deleteRecursively(VPath path) throws IOException {
        refuseRoot(path, "deleteRecursively");
        Resolver.Resolved r = resolver.resolve(path);
        if (!r.exists()) {
            throw new NoSuchFileException(path.toString(), null, "nothing to delete at this path");
        }
        failures.checkWritable(path.toString(), r.entry());
        if (r.pointer()) {
            try (FileLocks.Held ignored = locks.directory(r.parent())) {
                disk.delete(r.entry());
            }
            publisher.syncDirectory(r.parent(), path.toString());
            removeTree(r.path());
            return;
        }
        if (r.isDirectory()) {
            removeTree(r.path());
        } else {
            try (FileLocks.Held ignored = locks.directory(r.parent())) {
                disk.delete(r.entry());
            }
        }
        publisher.syncDirectory(r.parent(), path.toString());
    }

    /** Creates a directory and its parents, durably; succeeds if it already is one. */
    void mkdirs(VPath dir) throws IOException {
        Resolver.Resolved r = resolver.resolve(dir);
        if (r.isFile()) {
            throw new FileAlreadyExistsException(dir.toString(), null, "a file exists at this path");
        }
        resolver.ensureDirectory(dir, true);
    }

    /**
     * Removes a directory that holds only the library's entries: those first, then the directory itself, which
     * fails (DirectoryNotEmptyException) if a writer added an entry meanwhile — a user's entry is never removed.
     */
    private void removeEmptyDirectory(VPath shown, Path dir) throws IOException {
        for (String name : disk.list(dir)) {
            if (!VPath.isReserved(name)) {
                throw new DirectoryNotEmptyException(shown.toString());
            }
            Path child = dir.resolve(name);
            DiskStat st = disk.stat(child);
            if (st != null && st.isDirectory()) {
                removeTree(child); // an abandoned generation
            } else if (st != null) {
                try {
                    disk.delete(child);
                } catch (NoSuchFileException gone) {
                    // removed meanwhile: the goal holds
                }
            }
        }
        try {
            disk.delete(dir);
        } catch (DirectoryNotEmptyException raced) {
            throw new DirectoryNotEmptyException(shown.toString());
        }
    }

    /** Deletes a tree bottom-up without following any link (links are removed, never entered). */
    void removeTree(Path dir) throws IOException {
        for (String name : disk.list(dir)) {
            Path child = dir.resolve(name);
            DiskStat st = disk.stat(child);
            if (st == null) {
                continue;
            }
            if (st.isDirectory()) {
                removeTree(child);
            } else {
                try {
                    disk.delete(child);
                } catch (NoSuchFileException gone) {
                    // removed meanwhile (recovery of another instance): the goal holds
                }
            }
        }
        try {
            disk.delete(dir);
        } catch (NoSuchFileException gone) {
            // removed meanwhile: the goal holds
        }
    }

    private static void refuseRoot(VPath path, String op) throws IOException {
        if (path.isRoot()) {
            throw new VikingFsException("", op + " of the store's root is refused; delete the entries below it");
        }
    }
}
