package io.vikingfs.local;

import io.vikingfs.local.disk.AsShared;
import io.vikingfs.local.disk.Disk;
import io.vikingfs.local.disk.DiskRoots;
import io.vikingfs.local.disk.NioDisk;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Opens a LocalVikingFs on a real temporary folder ("disk"), on Jimfs ("jimfs"), or on Jimfs presented as a disk
 * other processes share ({@link #SHARED_JIMFS}: the cross-process locks are taken), optionally through a decorator.
 */
final class Stores implements Closeable {
    static final String SHARED_JIMFS = "jimfs-shared";
    final Path root;
    final Disk disk;
    private final FileSystem jimfs;
    private final List<LocalVikingFs> opened = new ArrayList<>();

    private Stores(Path root, Disk disk, FileSystem jimfs) {
        this.root = root;
        this.disk = disk;
        this.jimfs = jimfs;
    }

    static Stores on(String where, Path tmp, UnaryOperator<Disk> decorate) throws IOException {
        if (where.equals("jimfs") || where.equals(SHARED_JIMFS)) {
            FileSystem fs = DiskRoots.newJimfs();
            Path root = DiskRoots.jimfsRoot(fs);
            Disk disk = new NioDisk(root);
            return new Stores(root, decorate.apply(where.equals(SHARED_JIMFS) ? new AsShared(disk) : disk), fs);
        }
        java.nio.file.Files.createDirectories(tmp);
        return new Stores(tmp, decorate.apply(new NioDisk(tmp)), null);
    }

    static Stores on(String where, Path tmp) throws IOException {
        return on(where, tmp, d -> d);
    }

    LocalVikingFs open() throws IOException {
        LocalVikingFs fs = LocalVikingFs.open(disk, LocalOptions.DEFAULT);
        opened.add(fs);
        return fs;
    }

    /** Closes every store {@link #open} returned (closing is idempotent), then the Jimfs file system. */
    @Override
    public void close() throws IOException {
        for (LocalVikingFs fs : opened) {
            fs.close();
        }
        if (jimfs != null) {
            jimfs.close();
        }
    }
}
