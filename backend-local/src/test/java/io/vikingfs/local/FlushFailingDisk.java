package io.vikingfs.local;

import io.vikingfs.local.disk.Disk;
import io.vikingfs.local.disk.DiskFile;
import io.vikingfs.local.disk.ForwardingDisk;
import io.vikingfs.local.disk.ForwardingDiskFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A disk whose flushes of chosen paths fail, as a device error (EIO) would: the errors of DurabilityLostTest. It
 * records the directories it synced.
 */
final class FlushFailingDisk extends ForwardingDisk {
    private volatile Predicate<Path> failing = p -> false;
    /** The directories synced, in order (failed syncs left out). */
    final List<Path> syncedDirectories = new CopyOnWriteArrayList<>();

    FlushFailingDisk(Disk delegate) {
        super(delegate);
    }

    void failFlushesOf(Predicate<Path> which) {
        this.failing = which;
    }

    private void maybeFail(Path path) throws IOException {
        if (failing.test(path)) {
            throw new IOException("injected: EIO flushing " + path.getFileName());
        }
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
        maybeFail(dir);
        super.syncDirectory(dir);
        syncedDirectories.add(dir);
    }

    @Override
    protected DiskFile wrap(DiskFile file) {
        return new ForwardingDiskFile(file) {
            @Override
            public void sync() throws IOException {
                maybeFail(path());
                super.sync();
            }
        };
    }
}
