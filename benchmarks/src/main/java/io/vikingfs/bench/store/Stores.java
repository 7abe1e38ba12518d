package io.vikingfs.bench.store;

import io.vikingfs.VikingFs;
import io.vikingfs.local.disk.CountingDisk;
import io.vikingfs.local.LocalOptions;
import io.vikingfs.local.LocalVikingFs;
import io.vikingfs.local.disk.NioDisk;
import io.vikingfs.memory.MemoryVikingFs;

import java.io.IOException;
import java.nio.file.Path;

/** Opens the stores under test. The one place that knows how each backend is constructed. */
public final class Stores {
    private Stores() {
    }

    /**
     * Our local store on {@code root}, opened exactly as {@link LocalVikingFs#open(Path)} does but over a
     * {@link CountingDisk}, so every figure comes with its flush count.
     */
    public static LocalStore local(Path root) throws IOException {
        LocalOptions options = LocalOptions.DEFAULT;
        CountingDisk disk = new CountingDisk(new NioDisk(root.toAbsolutePath().normalize(),
                options.filePermissions(), options.directoryPermissions()));
        return new LocalStore(LocalVikingFs.open(disk, options), disk, root);
    }

    public static VikingFs memory() throws IOException {
        return MemoryVikingFs.create();
    }
}
