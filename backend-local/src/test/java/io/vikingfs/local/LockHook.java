package io.vikingfs.local;

import io.vikingfs.local.disk.Disk;
import io.vikingfs.local.disk.DiskFile;
import io.vikingfs.local.disk.DiskLock;
import io.vikingfs.local.disk.ForwardingDisk;
import io.vikingfs.local.disk.ForwardingDiskFile;

import java.io.IOException;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A disk hook on the locks of chosen files (tests): it sees every {@code lock()} of such a file, takes the real lock
 * when it likes, and may hand back a lock of its own — one that counts, is slow to close, or reports a waiting or
 * contending process that only a second process could otherwise make real.
 */
@FunctionalInterface
interface LockHook {
    /** Takes the real lock of the file. */
    interface Taker {
        DiskLock take() throws IOException;
    }

    /** One {@code lock()} of a chosen file: {@code real} takes the real lock. */
    DiskLock lock(Taker real) throws IOException;

    /** Wraps a disk so that every file whose name {@code chosen} accepts locks through {@code hook}. */
    static UnaryOperator<Disk> on(Predicate<String> chosen, LockHook hook) {
        return on(chosen, hook, () -> { });
    }

    /** As {@link #on(Predicate, LockHook)}, also running {@code beforeSync} before each sync of such a file. */
    static UnaryOperator<Disk> on(Predicate<String> chosen, LockHook hook, Runnable beforeSync) {
        return d -> new ForwardingDisk(d) {
            @Override
            protected DiskFile wrap(DiskFile file) {
                if (!chosen.test(file.path().getFileName().toString())) {
                    return file;
                }
                return new ForwardingDiskFile(file) {
                    @Override
                    public DiskLock lock() throws IOException {
                        return hook.lock(super::lock);
                    }

                    @Override
                    public void sync() throws IOException {
                        beforeSync.run();
                        super.sync();
                    }
                };
            }
        };
    }

    /** Log files: every name but the library's own entries ({@code .vfs…}). */
    static boolean notLibraryEntry(String name) {
        return !name.startsWith(".vfs");
    }
}
