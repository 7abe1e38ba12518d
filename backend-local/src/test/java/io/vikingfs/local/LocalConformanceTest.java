package io.vikingfs.local;

import io.vikingfs.Capabilities;
import io.vikingfs.Capability;
import io.vikingfs.VikingFs;
import io.vikingfs.conformance.BackendFixture;
import io.vikingfs.conformance.ChildProcessSpec;
import io.vikingfs.conformance.VikingFsConformance;
import io.vikingfs.local.disk.Disk;
import io.vikingfs.local.disk.DiskFile;
import io.vikingfs.local.disk.ForwardingDisk;
import io.vikingfs.local.disk.ForwardingDiskFile;
import io.vikingfs.local.disk.NioDisk;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/** The shared conformance suite on a real temporary folder, flushes counted through the Disk SPI. */
class LocalConformanceTest extends VikingFsConformance {
    static final Capabilities LOCAL_DISK = Capabilities.of(Capability.ATOMIC_FILE_RENAME, Capability.DIRECTORY_RENAME,
            Capability.ATOMIC_DIRECTORY_RENAME, Capability.ATOMIC_CONDITIONAL_WRITE, Capability.CROSS_PROCESS_SAFE,
            Capability.DURABILITY_CONTROL, Capability.POSIX_PERMISSIONS);

    @Override
    protected BackendFixture createFixture() throws IOException {
        return new TempFolderFixture(Files.createTempDirectory("vikingfs-conformance-"));
    }

    /** A store on {@code dir}, deleted on close. */
    static final class TempFolderFixture implements BackendFixture {
        private final Path dir;
        private final FlushCountingDisk disk;

        TempFolderFixture(Path dir) {
            this.dir = dir;
            this.disk = new FlushCountingDisk(new NioDisk(dir));
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
        public OptionalLong flushCount() {
            return OptionalLong.of(disk.flushes.get());
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

    /**
     * Counts file and directory syncs — the device flushes the durability tests reason about — and gives each one
     * a device's latency (1 ms), which Jimfs and tmpfs lack: group commit shares a flush only among callers that
     * overlap it, so on an instant device there would be nothing to share and nothing to prove.
     */
    static final class FlushCountingDisk extends ForwardingDisk {
        final AtomicLong flushes = new AtomicLong();

        FlushCountingDisk(Disk delegate) {
            super(delegate);
        }

        private void flush() throws IOException {
            flushes.incrementAndGet();
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted during a simulated device flush");
            }
        }

        @Override
        public void syncDirectory(Path dir) throws IOException {
            flush();
            super.syncDirectory(dir);
        }

        @Override
        protected DiskFile wrap(DiskFile file) {
            return new ForwardingDiskFile(file) {
                @Override
                public void sync() throws IOException {
                    flush();
                    super.sync();
                }
            };
        }
    }
}
