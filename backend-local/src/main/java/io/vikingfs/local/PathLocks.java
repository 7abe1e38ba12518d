package io.vikingfs.local;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * In-process locks keyed by a file's real path, shared by every {@link LocalVikingFs} of the JVM: two instances
 * opened on one folder still exclude each other, so the {@code FileLock}s taken under these locks never overlap
 * inside the JVM ({@code OverlappingFileLockException}) and a POSIX record lock is never dropped by another
 * instance closing its descriptor of the same file while the lock is held.
 *
 * <p>Locks are held weakly: a lock lives as long as someone holds a reference to it, and the table forgets the path
 * of a lock collected (a process that appends to a new log every minute does not grow it for ever).
 */
final class PathLocks {
    private record Key(FileSystem fs, String path) {
    }

    private static final class Ref extends WeakReference<ReentrantLock> {
        final Key key;

        Ref(ReentrantLock lock, Key key, ReferenceQueue<ReentrantLock> queue) {
            super(lock, queue);
            this.key = key;
        }
    }

    private static final ConcurrentHashMap<Key, Ref> LOCKS = new ConcurrentHashMap<>();
    private static final ReferenceQueue<ReentrantLock> QUEUE = new ReferenceQueue<>();

    private final Path diskRoot;
    private final Path realRoot;

    /**
     * @param diskRoot the root the disk's paths start with
     * @param realRoot the same directory with every link resolved, the key shared by all instances on it
     */
    PathLocks(Path diskRoot, Path realRoot) {
        this.diskRoot = diskRoot;
        this.realRoot = realRoot;
    }

    private Key key(Path path) {
        Path real = path.startsWith(diskRoot) ? realRoot.resolve(diskRoot.relativize(path).toString()) : path;
        return new Key(path.getFileSystem(), real.normalize().toString());
    }

    /** The lock of {@code path}, created if none is alive. Keep the reference while using it. */
    ReentrantLock lockFor(Path path) {
        expunge();
        ReentrantLock[] alive = new ReentrantLock[1];
        // Atomic per key: threads or instances asking at once for a path whose lock is not alive get one lock.
        LOCKS.compute(key(path), (key, ref) -> {
            alive[0] = ref == null ? null : ref.get();
            if (alive[0] != null) {
                return ref;
            }
            alive[0] = new ReentrantLock();
            return new Ref(alive[0], key, QUEUE);
        });
        return alive[0];
    }

    /** The lock of {@code path} if one is alive (someone in the JVM writes that file), else {@code null}. */
    ReentrantLock existing(Path path) {
        Ref ref = LOCKS.get(key(path));
        return ref == null ? null : ref.get();
    }

    /**
     * How many paths of {@code fs} the JVM-wide table remembers: alive locks, and dead ones not yet forgotten (the
     * next {@link #lockFor} forgets them).
     */
    static long remembered(FileSystem fs) {
        return LOCKS.keySet().stream().filter(k -> k.fs() == fs).count();
    }

    /** Forgets the paths whose lock was collected: the table holds one entry per lock alive, not per path ever locked. */
    private static void expunge() {
        Ref r;
        while ((r = (Ref) QUEUE.poll()) != null) {
            LOCKS.remove(r.key, r);
        }
    }
}
