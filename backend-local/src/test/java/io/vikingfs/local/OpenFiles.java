package io.vikingfs.local;

import io.vikingfs.local.disk.Disk;
import io.vikingfs.local.disk.DiskFile;
import io.vikingfs.local.disk.ForwardingDisk;
import io.vikingfs.local.disk.ForwardingDiskFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/** A disk that knows which of the files opened through it are still open: descriptors kept, leaked or closed. */
final class OpenFiles extends ForwardingDisk {
    private final Set<DiskFile> open = ConcurrentHashMap.newKeySet();

    OpenFiles(Disk delegate) {
        super(delegate);
    }

    /** How many files opened through this disk whose path {@code which} accepts are open now. */
    long count(Predicate<Path> which) {
        return open.stream().filter(f -> which.test(f.path())).count();
    }

    /** How many files opened through this disk are open now. */
    long count() {
        return open.size();
    }

    @Override
    protected DiskFile wrap(DiskFile file) {
        DiskFile tracked = new ForwardingDiskFile(file) {
            @Override
            public void close() throws IOException {
                open.remove(this);
                super.close();
            }
        };
        open.add(tracked);
        return tracked;
    }
}
