package io.vikingfs.local;

import io.vikingfs.local.disk.Disk;
import io.vikingfs.local.disk.ForwardingDisk;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Tells {@link BurstLocks} after every change of names made through the disk (rename, delete, link, new symbolic
 * link): a log appended to under a held {@code FileLock} skips the check that its path still names its open file
 * only while no store of this JVM has changed a name since the last check, so an append that follows a rename,
 * delete, {@code atomicWrite} or switch of its path in this JVM never goes to the old file.
 */
final class NameChangeSignal extends ForwardingDisk {
    private interface Change {
        void run() throws IOException;
    }

    NameChangeSignal(Disk delegate) {
        super(delegate);
    }

    /** Runs {@code change}, then signals (even if it failed: it may have changed a name before failing). */
    private static void signalled(Change change) throws IOException {
        try {
            change.run();
        } finally {
            BurstLocks.namesChanged();
        }
    }

    @Override
    public void rename(Path src, Path dst) throws IOException {
        signalled(() -> super.rename(src, dst));
    }

    @Override
    public void link(Path existing, Path link) throws IOException {
        signalled(() -> super.link(existing, link));
    }

    @Override
    public void delete(Path path) throws IOException {
        signalled(() -> super.delete(path));
    }

    @Override
    public void createSymlink(Path link, String target) throws IOException {
        signalled(() -> super.createSymlink(link, target));
    }
}
