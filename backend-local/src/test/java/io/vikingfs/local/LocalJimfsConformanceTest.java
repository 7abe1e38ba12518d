package io.vikingfs.local;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import io.vikingfs.Capabilities;
import io.vikingfs.Capability;
import io.vikingfs.VikingFs;
import io.vikingfs.conformance.BackendFixture;
import io.vikingfs.conformance.VikingFsConformance;
import io.vikingfs.local.disk.CountingDisk;
import io.vikingfs.local.disk.NioDisk;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The shared conformance suite on the same local protocols over Jimfs ({@code LocalVikingFs.open(new NioDisk(…))}):
 * where Jimfs and the Linux disk differ (no-clobber moves, directory force, see {@code NioDisk}) the Disk SPI must
 * make the difference disappear.
 */
class LocalJimfsConformanceTest extends VikingFsConformance {
    /**
     * A store on an in-process file system cannot be shared with another process, so it may not claim
     * CROSS_PROCESS_SAFE (the suite could not prove it: no child JVM can open it).
     */
    static final Capabilities LOCAL_ON_JIMFS = Capabilities.of(Capability.ATOMIC_FILE_RENAME,
            Capability.DIRECTORY_RENAME, Capability.ATOMIC_DIRECTORY_RENAME, Capability.ATOMIC_CONDITIONAL_WRITE,
            Capability.DURABILITY_CONTROL, Capability.POSIX_PERMISSIONS);

    private static final Configuration POSIX_JIMFS = Configuration.unix().toBuilder()
            .setAttributeViews("basic", "posix").build();

    @Override
    protected BackendFixture createFixture() throws IOException {
        FileSystem jimfs = Jimfs.newFileSystem(POSIX_JIMFS);
        Path root = Files.createDirectories(jimfs.getPath("/store"));
        CountingDisk disk = new CountingDisk(new NioDisk(root), LocalConformanceTest.DEVICE_FLUSH);
        return new BackendFixture() {
            @Override
            public VikingFs open() throws IOException {
                return LocalVikingFs.open(disk, LocalOptions.DEFAULT);
            }

            @Override
            public Capabilities expected() {
                return LOCAL_ON_JIMFS;
            }

            @Override
            public Optional<VikingFs> openConcurrently() throws IOException {
                return Optional.of(LocalVikingFs.open(disk, LocalOptions.DEFAULT));
            }

            @Override
            public OptionalLong flushCount() {
                return OptionalLong.of(disk.flushes());
            }

            @Override
            public Optional<Path> storageRoot() {
                return Optional.of(root);
            }

            @Override
            public void close() throws IOException {
                jimfs.close();
            }
        };
    }
}
