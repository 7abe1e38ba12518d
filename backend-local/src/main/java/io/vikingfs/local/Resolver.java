package io.vikingfs.local;

import io.vikingfs.VPath;
import io.vikingfs.VikingFsException;
import io.vikingfs.local.disk.Disk;
import io.vikingfs.local.disk.DiskStat;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns a {@link VPath} into a disk path, one component at a time, so that no path leaves the root through a
 * symbolic link: every link on the way is refused, except the library's own generation pointers (a link named
 * {@code x} whose target is exactly {@code .vfs-gen-x-<n>} in the same directory), which are followed.
 *
 * <p>Creating parents: {@link #ensureDirectory} creates missing directories and, when durable, makes every
 * directory on the way durable: it syncs the parent of each one whose entry this instance has not yet synced
 * (whoever created it: another process may have created it without syncing). Once per directory, so durable
 * writes of a known directory cost no extra flush.
 */
final class Resolver {
    /**
     * Where a path leads.
     *
     * @param path      the disk path to operate on (the generation directory if the name is a pointer)
     * @param entry     the name's own entry in its parent directory (the link itself if a pointer)
     * @param parent    the real directory holding {@code entry} ({@code null} for the root)
     * @param stat      what is at {@code path}, or {@code null} if nothing is
     * @param pointer   whether the name is a generation pointer
     * @param blockedBy a prefix of the path that is not a directory, or {@code null}
     * @param viaPointer whether any component (this one or a parent) was a generation pointer: a concurrent
     *                   switch may then retire what {@code path} names, and readers re-check ({@link Lookup})
     */
    record Resolved(VPath vpath, Path path, Path entry, Path parent, DiskStat stat, boolean pointer, VPath blockedBy,
                    boolean viaPointer) {
        boolean exists() {
            return stat != null;
        }

        boolean isFile() {
            return stat != null && stat.isFile();
        }

        boolean isDirectory() {
            return stat != null && stat.isDirectory();
        }
    }

    private final Disk disk;
    private final Publisher publisher;
    /**
     * Directories whose own entry (in their parent) this instance has synced, with their identity then: a
     * directory deleted and recreated under the same name (new identity) is synced again. Bounded: emptied past
     * {@link #MAX_DURABLE_ENTRIES} (about 11 MB; a store writing a directory per session kept one for each it ever
     * made); a directory forgotten has its parent synced once more, at its next durable write.
     */
    private final ConcurrentHashMap<Path, Object> durableEntries = new ConcurrentHashMap<>();
    static final int MAX_DURABLE_ENTRIES = 65_536;
    private static final Object NO_KEY = new Object();
    /**
     * {@code dir.resolve(name)} of the names walked, memoized per directory: a pure function of its arguments (no
     * disk state), and on Jimfs one resolve parses its argument and builds a list — 400 ns, a fifth of a whole
     * temp + rename there. Bounded: emptied once {@link #MAX_CHILDREN} were added.
     */
    private final ConcurrentHashMap<Path, ConcurrentHashMap<String, Path>> children = new ConcurrentHashMap<>();
    private final AtomicInteger childCount = new AtomicInteger();
    static final int MAX_CHILDREN = 4096;

    Resolver(Disk disk, Publisher publisher) {
        this.disk = disk;
        this.publisher = publisher;
    }

    /** {@code dir.resolve(name)}, where {@code name} is one segment. */
    Path child(Path dir, String name) {
        ConcurrentHashMap<String, Path> names = children.get(dir);
        Path child = names == null ? null : names.get(name);
        if (child == null) {
            child = dir.resolve(name);
            if (childCount.incrementAndGet() > MAX_CHILDREN) {
                children.clear(); // (a racing put may survive it: the bound is loose, never exceeded twice over)
                childCount.set(0);
            }
            children.computeIfAbsent(dir, d -> new ConcurrentHashMap<>()).put(name, child);
        }
        return child;
    }

    /** How many resolved names the memo holds. */
    int memoized() {
        return children.values().stream().mapToInt(ConcurrentHashMap::size).sum();
    }

    /** How many directories' entries are remembered as durable (tests: bounded). */
    int durableEntries() {
        return durableEntries.size();
    }

    Resolved resolve(VPath vpath) throws IOException {
        Path cur = disk.root();
        if (vpath.isRoot()) {
            return new Resolved(vpath, cur, cur, null, disk.stat(cur), false, null, false);
        }
        List<String> segs = vpath.segments();
        boolean viaPointer = false;
        for (int i = 0; i < segs.size(); i++) {
            String seg = segs.get(i);
            Path entry = child(cur, seg);
            DiskStat st = disk.stat(entry);
            Path real = entry;
            boolean pointer = false;
            if (st != null && st.isSymlink()) {
                real = followPointer(prefix(vpath, i + 1), cur, seg, entry);
                st = disk.stat(real);
                pointer = true;
                viaPointer = true;
            }
            boolean last = i == segs.size() - 1;
            if (last) {
                return new Resolved(vpath, real, entry, cur, st, pointer, null, viaPointer);
            }
            if (st == null || !st.isDirectory()) {
                Path rest = real;
                for (int j = i + 1; j < segs.size(); j++) {
                    rest = rest.resolve(segs.get(j));
                }
                return new Resolved(vpath, rest, rest, rest.getParent(), null, false,
                        st == null ? null : prefix(vpath, i + 1), viaPointer);
            }
            cur = real;
        }
        throw new AssertionError("unreachable");
    }

    /**
     * The real directory {@code dir}, creating it and its missing parents. With {@code durable}, on return every
     * directory on the way that this instance created is durable.
     *
     * @throws NotDirectoryException if a component is a file
     */
    Path ensureDirectory(VPath dir, boolean durable) throws IOException {
        Path cur = disk.root();
        List<Path> toSync = null; // made only when some entry is to be synced (not on the usual, known way)
        List<Path> nowDurable = null;
        List<Object> keys = null;
        List<String> segs = dir.segments();
        for (int i = 0; i < segs.size(); i++) {
            String seg = segs.get(i);
            Path next = child(cur, seg);
            DiskStat st = disk.stat(next);
            if (st == null) {
                try {
                    disk.createDirectory(next);
                    st = disk.stat(next);
                } catch (FileAlreadyExistsException raced) {
                    st = disk.stat(next);
                }
            }
            if (st != null && st.isSymlink()) {
                // a pointer and its generation are synced by the switch
                next = followPointer(prefix(dir, i + 1), cur, seg, next);
            } else if (st == null || !st.isDirectory()) {
                throw new NotDirectoryException(prefix(dir, i + 1).toString());
            } else if (durable && !durableEntry(next, st.fileKey())) {
                // Its entry in cur may not be durable (created here or by anyone without a sync): sync cur once.
                if (toSync == null) {
                    toSync = new ArrayList<>();
                    nowDurable = new ArrayList<>();
                    keys = new ArrayList<>();
                }
                toSync.add(cur);
                nowDurable.add(next);
                keys.add(st.fileKey() == null ? NO_KEY : st.fileKey());
            }
            cur = next;
        }
        if (toSync != null) {
            for (Path p : toSync) {
                publisher.syncDirectory(p, dir.toString());
            }
            if (durableEntries.size() + nowDurable.size() > MAX_DURABLE_ENTRIES) {
                durableEntries.clear();
            }
            for (int i = 0; i < nowDurable.size(); i++) {
                durableEntries.put(nowDurable.get(i), keys.get(i));
            }
        }
        return cur;
    }

    /**
     * The first {@code count} segments of {@code path}: made only where one is shown or followed (an error, a
     * pointer), not at every step of a walk, where building it (a parse, a list, a join) cost more than the step.
     */
    private static VPath prefix(VPath path, int count) {
        VPath p = path;
        for (int k = path.segments().size(); k > count; k--) {
            p = p.parent();
        }
        return p;
    }

    /** Whether the entry of directory {@code path} (with identity {@code key}) was made durable by this instance. */
    private boolean durableEntry(Path path, Object key) {
        Object known = durableEntries.get(path);
        return known != null && (known == NO_KEY || known.equals(key));
    }

    /**
     * A link at {@code entry} is followed only if it is this name's generation pointer. The pointer is read once;
     * again only if the generation it names is missing (a switch may have retired it), at most 8 times.
     */
    private Path followPointer(VPath prefix, Path dir, String name, Path entry) throws IOException {
        String target = null;
        Path real = null;
        DiskStat st = null;
        for (int attempt = 0; attempt < 8 && (st == null || !st.isDirectory()); attempt++) {
            String now = disk.readSymlink(entry);
            if (now.equals(target)) {
                break; // the pointer did not move: its generation really is missing
            }
            target = now; // (re)read: a switch may have moved the pointer and retired the generation we saw
            if (LibraryNames.generationNumber(name, target) < 0) {
                throw new VikingFsException(prefix.toString(), "is a symbolic link (to '" + target + "'); VikingFS "
                        + "follows no links but its own live-directory pointers, so that no path can lead outside "
                        + "the store's root — replace the link by a real directory or file");
            }
            real = dir.resolve(target);
            st = disk.stat(real);
        }
        if (st == null || !st.isDirectory()) {
            throw new VikingFsException(prefix.toString(), "is a live-directory pointer to '" + target
                    + "', which is missing; run recover() or reopen the store");
        }
        return real;
    }

    /** Whether the entry {@code name} in {@code dir} (a link) is that name's generation pointer. */
    boolean isPointer(Path dir, String name) throws IOException {
        return LibraryNames.generationNumber(name, disk.readSymlink(dir.resolve(name))) >= 0;
    }
}
