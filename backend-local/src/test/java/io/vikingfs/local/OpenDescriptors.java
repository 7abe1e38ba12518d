package io.vikingfs.local;

import io.vikingfs.local.disk.Disk;
import io.vikingfs.local.disk.DiskFile;
import io.vikingfs.local.disk.ForwardingDisk;
import io.vikingfs.local.disk.ForwardingDiskFile;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/** Counts the descriptors open now of the files whose names {@code tracked} accepts (a leak shows as a count). */
final class OpenDescriptors extends ForwardingDisk {
    private final Predicate<String> tracked;
    private final Set<DiskFile> open = ConcurrentHashMap.newKeySet();

    OpenDescriptors(Disk delegate, Predicate<String> tracked) {
        super(delegate);
        this.tracked = tracked;
    }

    int open() {
        return open.size();
    }

    @Override
    protected DiskFile wrap(DiskFile file) {
        if (!tracked.test(file.path().getFileName().toString())) {
            return file;
        }
        DiskFile counted = new ForwardingDiskFile(file) {
            @Override
            public void close() throws IOException {
                open.remove(this);
                super.close();
            }
        };
        open.add(counted);
        return counted;
    }
}
