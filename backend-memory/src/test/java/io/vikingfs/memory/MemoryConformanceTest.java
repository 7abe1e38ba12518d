package io.vikingfs.memory;

import io.vikingfs.Capabilities;
import io.vikingfs.Capability;
import io.vikingfs.ForwardingVikingFs;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.conformance.BackendFixture;
import io.vikingfs.conformance.VikingFsConformance;
import io.vikingfs.local.disk.CountingDisk;
import io.vikingfs.local.disk.DiskFile;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

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

    static final class MemoryFixture implements BackendFixture {
        /** One counting disk per open (the layer wraps each new instance's disk); their flushes add up. */
        private final List<CountingDisk> disks = new CopyOnWriteArrayList<>();
        private final MemoryVikingFs.Layers layers = new MemoryVikingFs.Layers(
                d -> add(new CountingDisk(d, Duration.ofMillis(1))), (local, d) -> new ForwardingVikingFs(local) {
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

        private CountingDisk add(CountingDisk disk) {
            disks.add(disk);
            return disk;
        }

        /**
         * Plants the temp file of an interrupted atomicWrite through the open store's recording disk, so that the
         * state a close leaves (and a reopen starts from) holds it as a real disk would. Whether it is still there
         * is asked of the store's storage at that time: a reopen moves the store to a new Jimfs and closes the old.
         */
        @Override
        public Optional<Leftover> plantLeftover(VikingFs fs, VPath dir) throws IOException {
            Path planted = root.resolve(dir.toString()).resolve(".vfs-tmp-interrupted-write");
            String leftover = root.relativize(planted).toString();
            CountingDisk disk = disks.get(disks.size() - 1);
            try (DiskFile f = disk.createNew(planted)) {
                f.write(ByteBuffer.wrap(new byte[] {'{'}), 0);
            }
            return Optional.of(() -> Files.exists(root.resolve(leftover)));
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
            return OptionalLong.of(disks.stream().mapToLong(CountingDisk::flushes).sum());
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
}
