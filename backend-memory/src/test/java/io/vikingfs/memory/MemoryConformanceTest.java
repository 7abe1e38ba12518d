package io.vikingfs.memory;

import io.vikingfs.Capabilities;
import io.vikingfs.Capability;
import io.vikingfs.ForwardingVikingFs;
import io.vikingfs.VikingFs;
import io.vikingfs.conformance.BackendFixture;
import io.vikingfs.conformance.VikingFsConformance;
import io.vikingfs.local.disk.Disk;
import io.vikingfs.local.disk.DiskFile;
import io.vikingfs.local.disk.ForwardingDisk;
import io.vikingfs.local.disk.ForwardingDiskFile;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The shared conformance suite on {@link MemoryVikingFs}. Flushes are counted between the protocols and the
 * crashable disk. Reopening the store (which the suite does after {@code close}) opens the state the closed store
 * left — everything it wrote, as after a process restart — on a new Jimfs, so recovery runs as on a folder.
 */
class MemoryConformanceTest extends VikingFsConformance {
    static final Capabilities MEMORY = Capabilities.of(Capability.ATOMIC_FILE_RENAME, Capability.DIRECTORY_RENAME,
            Capability.ATOMIC_DIRECTORY_RENAME, Capability.ATOMIC_CONDITIONAL_WRITE, Capability.DURABILITY_CONTROL,
            Capability.POSIX_PERMISSIONS, Capability.POWER_LOSS_SIMULATION);

    @Override
    protected BackendFixture createFixture() throws IOException {
        return new MemoryFixture(JimfsStores.newRoot(JimfsStores.DEFAULT_ROOT));
    }

    private static final class MemoryFixture implements BackendFixture {
        private final AtomicLong flushes = new AtomicLong();
        private final MemoryVikingFs.Layers layers = new MemoryVikingFs.Layers(
                d -> new FlushCountingDisk(d, flushes), (local, d) -> new ForwardingVikingFs(local) {
                    @Override
                    public void close() throws IOException {
                        // Keep what the closing store leaves, as a restarted process would find it on a disk.
                        Snapshot left = current.snapshot();
                        root = left.materialize(left.everything());
                        super.close();
                    }
                });
        private Path root;
        private MemoryVikingFs current;

        MemoryFixture(Path root) {
            this.root = root;
        }

        @Override
        public VikingFs open() throws IOException {
            current = MemoryVikingFs.open(root, URI.create("mem:conformance"), layers, null);
            return current;
        }

        @Override
        public Capabilities expected() {
            return MEMORY;
        }

        @Override
        public OptionalLong flushCount() {
            return OptionalLong.of(flushes.get());
        }

        @Override
        public Optional<Path> storageRoot() {
            return Optional.of(root);
        }

        @Override
        public void close() throws IOException {
            root.getFileSystem().close(); // the state the last close left (the store closed its own)
        }
    }

    /** Counts syncs and gives each a device's latency (1 ms), without which group commit has nothing to share. */
    private static final class FlushCountingDisk extends ForwardingDisk {
        private final AtomicLong flushes;

        FlushCountingDisk(Disk delegate, AtomicLong flushes) {
            super(delegate);
            this.flushes = flushes;
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
