package io.vikingfs.local;

import io.vikingfs.Capabilities;
import io.vikingfs.Capability;
import io.vikingfs.VikingFs;
import io.vikingfs.conformance.BackendFixture;
import io.vikingfs.conformance.ChildProcessSpec;
import io.vikingfs.conformance.VikingFsConformance;
import io.vikingfs.local.disk.CountingDisk;
import io.vikingfs.local.disk.NioDisk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/** The shared conformance suite on a real temporary folder, flushes counted through the Disk SPI. */
class LocalConformanceTest extends VikingFsConformance {
    static final Capabilities LOCAL_DISK = Capabilities.of(Capability.ATOMIC_FILE_RENAME, Capability.DIRECTORY_RENAME,
            Capability.ATOMIC_DIRECTORY_RENAME, Capability.ATOMIC_CONDITIONAL_WRITE, Capability.CROSS_PROCESS_SAFE,
            Capability.DURABILITY_CONTROL, Capability.POSIX_PERMISSIONS);
    /** A device's flush latency, so concurrent durable calls overlap as on a disk (see BackendFixture#flushCount). */
    static final Duration DEVICE_FLUSH = Duration.ofMillis(1);

    @Override
    protected BackendFixture createFixture() throws IOException {
        return new TempFolderFixture(Files.createTempDirectory("vikingfs-conformance-"));
    }

    /** A store on {@code dir}, deleted on close. */
    static final class TempFolderFixture implements BackendFixture {
        private final Path dir;
        private final CountingDisk disk;

        TempFolderFixture(Path dir) {
            this.dir = dir;
            this.disk = new CountingDisk(new NioDisk(dir), DEVICE_FLUSH);
        }

        @Override
        public VikingFs open() throws IOException {
            return LocalVikingFs.open(disk, LocalOptions.DEFAULT);
        }

        @Override
        public Capabilities expected() {
            return LOCAL_DISK;
        }

        @Override
        public Optional<VikingFs> openConcurrently() throws IOException {
            return Optional.of(LocalVikingFs.open(dir)); // its own queues; the same folder and locks
        }

        @Override
        public OptionalLong flushCount() {
            return OptionalLong.of(disk.flushes());
        }

        @Override
        public Optional<ChildProcessSpec> childProcess() {
            return Optional.of(ChildProcessSpec.onCurrentClassPath(dir.toUri()));
        }

        @Override
        public Optional<Path> storageRoot() {
            return Optional.of(dir);
        }

        @Override
        public void close() throws IOException {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
