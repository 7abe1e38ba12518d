package io.vikingfs.local.disk;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Directory descriptors {@link NioDisk} keeps open between syncs of the same directory, each with the identity
 * (inode) of the directory it was opened on: at most {@link #MAX_OPEN}, the surplus closed when a new one is kept,
 * all closed by {@link #closeAll}. A kept descriptor pins its directory's inode, so an identity equal to the kept
 * one can only be that same directory.
 *
 * <p>A descriptor may be closed while another thread syncs through it (eviction, {@link #closeAll}, or an interrupt
 * of a thread syncing through it closes a {@code FileChannel}): that sync then reports that it did not sync, and
 * its caller opens the directory afresh.
 */
final class KeptDirectories {
    /** Kept descriptors at most (a store writes to a few directories at a time). */
    static final int MAX_OPEN = 64;

    private record Kept(Object key, FileChannel channel) {
    }

    private final ConcurrentHashMap<Path, Kept> kept = new ConcurrentHashMap<>();

    /**
     * Syncs {@code dir} through its kept descriptor if that descriptor is of the directory identified by
     * {@code key} (the directory at the path now). Returns {@code false} if none is kept for that directory —
     * a descriptor of another one (the path's directory was replaced) is closed — or it was closed meanwhile.
     */
    boolean sync(Path dir, Object key) throws IOException {
        Kept k = kept.get(dir);
        if (k == null) {
            return false;
        }
        if (!k.key.equals(key)) {
            dropQuietly(dir, k); // a directory since replaced: never synced in the new one's stead
            return false;
        }
        try {
            k.channel.force(true);
            return true;
        } catch (ClosedByInterruptException interrupted) {
            kept.remove(dir, k); // this thread's interrupt closed it: report the interrupt as a direct open would
            throw interrupted;
        } catch (ClosedChannelException closed) {
            kept.remove(dir, k); // closed by eviction, a store's close or another thread's interrupt
            return false;
        } catch (IOException failed) {
            dropQuietly(dir, k); // a failed flush is reported once; a later one starts from a fresh descriptor
            throw failed;
        }
    }

    /**
     * Keeps {@code channel}, opened on the directory identified by {@code key}, for later syncs of {@code dir};
     * returns {@code false} (the caller closes it) if one is kept already.
     */
    boolean keep(Path dir, Object key, FileChannel channel) {
        if (kept.putIfAbsent(dir, new Kept(key, channel)) != null) {
            return false;
        }
        if (kept.size() > MAX_OPEN) {
            for (var it = kept.entrySet().iterator(); it.hasNext() && kept.size() > MAX_OPEN * 3 / 4; ) {
                var e = it.next();
                if (!e.getKey().equals(dir)) {
                    dropQuietly(e.getKey(), e.getValue());
                }
            }
        }
        return true;
    }

    /** Closes every kept descriptor (a sync through one of them at that moment opens its directory afresh). */
    void closeAll() throws IOException {
        List<IOException> failed = new ArrayList<>();
        for (var e : kept.entrySet()) {
            try {
                drop(e.getKey(), e.getValue());
            } catch (IOException x) {
                failed.add(x);
            }
        }
        if (!failed.isEmpty()) {
            failed.subList(1, failed.size()).forEach(failed.get(0)::addSuppressed);
            throw failed.get(0);
        }
    }

    /** Kept descriptors now (tests). */
    int size() {
        return kept.size();
    }

    private void dropQuietly(Path dir, Kept k) {
        try {
            drop(dir, k);
        } catch (IOException ignored) {
            // a read-only directory descriptor: nothing was written through it, nothing is lost
        }
    }

    private void drop(Path dir, Kept k) throws IOException {
        if (kept.remove(dir, k)) {
            k.channel.close(); // a read-only directory descriptor: nothing was written through it
        }
    }
}
