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
 * A disk whose file descriptors, for the paths chosen, fail when closed — after really closing, as {@code close(2)}
 * does when it reports a deferred write error (the descriptor is gone either way). Every failure thrown is kept,
 * so a test can check it reached the caller.
 */
final class FailingCloseDisk extends ForwardingDisk {
    private volatile Predicate<Path> failing = p -> false;
    final List<IOException> thrown = new CopyOnWriteArrayList<>();

    FailingCloseDisk(Disk delegate) {
        super(delegate);
    }

    /** From now on, closing a descriptor of a path {@code which} accepts fails. */
    void failClosesOf(Predicate<Path> which) {
        failing = which;
    }

    @Override
    protected DiskFile wrap(DiskFile file) {
        return new ForwardingDiskFile(file) {
            @Override
            public void close() throws IOException {
                super.close();
                if (failing.test(path())) {
                    IOException e = new IOException("injected: closing " + path() + " failed");
                    thrown.add(e);
                    throw e;
                }
            }
        };
    }
}
