package io.vikingfs.memory;

import io.vikingfs.Capabilities;
import io.vikingfs.Capability;
import io.vikingfs.DirEntry;
import io.vikingfs.FileStat;
import io.vikingfs.ForwardingVikingFs;
import io.vikingfs.RecordLog;
import io.vikingfs.RecoveryReport;
import io.vikingfs.RenameOptions;
import io.vikingfs.StagedDirectory;
import io.vikingfs.VPath;
import io.vikingfs.Version;
import io.vikingfs.WriteOptions;
import io.vikingfs.VikingFs;
import io.vikingfs.local.LocalOptions;
import io.vikingfs.local.LocalVikingFs;
import io.vikingfs.local.disk.Disk;
import io.vikingfs.local.disk.NioDisk;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.ClosedFileSystemException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * An isolated in-memory store: the local backend's protocols ({@link LocalVikingFs}, the same code, not a copy)
 * on a private Jimfs file system, through a disk that records what is synced so that a power loss can be
 * simulated. Every guarantee of {@link VikingFs} holds as on the local disk, and every post-crash state it
 * produces is one the real disk can reach.
 *
 * <p><b>Power loss in your tests.</b> {@link #crash()} returns a <em>new</em> store holding a state a power loss
 * could leave at this instant (opening it runs recovery, as reopening a folder would); this store is unchanged
 * and still usable. {@link #crash(CrashOptions)} picks the state: only what was synced, everything (a process
 * crash), or a seeded random one; and the file system's rules: journaling (a rename persists whole, the default)
 * or strict POSIX (each directory's entries, both halves of a rename included, persist only by a sync of that
 * directory) — {@code fs.crash(CrashOptions.random(seed).withModel(CrashOptions.Model.STRICT_POSIX))}.
 *
 * <pre>{@code
 * try (MemoryVikingFs fs = MemoryVikingFs.create()) {
 *     VPath registry = VPath.of("sessions.json");
 *     fs.atomicWrite(registry, "{\"v\":1}".getBytes(UTF_8), WriteOptions.DEFAULT);          // durable
 *     fs.atomicWrite(registry, "{\"v\":2}".getBytes(UTF_8), WriteOptions.durable(false));   // may be lost
 *     try (MemoryVikingFs after = fs.crash(CrashOptions.syncedOnly())) {
 *         assertThat(after.read(registry)).isEqualTo("{\"v\":1}".getBytes(UTF_8));      // never empty or torn
 *     }
 * }
 * }</pre>
 *
 * <p><b>Differences from the local backend.</b> Not {@link Capability#CROSS_PROCESS_SAFE} (no other process can
 * reach the store); {@link Capability#POWER_LOSS_SIMULATION} is declared. Nothing is ever written to the real
 * disk; closing the store discards it.
 */
public final class MemoryVikingFs extends ForwardingVikingFs {
    private static final AtomicLong ANONYMOUS = new AtomicLong();

    private final CrashableDisk disk;
    private final Path root;
    private final URI uri;
    private final Capabilities capabilities;
    private final Layers layers;
    private final Closeable onClose;
    private final AtomicLong crashes = new AtomicLong();
    /** The stagings of a shared ({@code mem:}) handle still open, aborted when the handle closes. */
    private final java.util.Set<StagedDirectory> openStagings = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    /** Test hooks: decorators put between the protocols and the crashable disk, or over the store. */
    record Layers(UnaryOperator<Disk> disk, BiFunction<VikingFs, Disk, VikingFs> fs) {
        static final Layers NONE = new Layers(d -> d, (fs, d) -> fs);
    }

    private MemoryVikingFs(VikingFs delegate, CrashableDisk disk, Path root, URI uri, Layers layers, Closeable onClose) {
        super(delegate);
        this.disk = disk;
        this.root = root;
        this.uri = uri;
        this.layers = layers;
        this.onClose = onClose;
        EnumSet<Capability> caps = EnumSet.noneOf(Capability.class);
        caps.addAll(delegate.capabilities().asSet());
        caps.remove(Capability.CROSS_PROCESS_SAFE);
        caps.add(Capability.POWER_LOSS_SIMULATION);
        this.capabilities = Capabilities.of(caps.toArray(new Capability[0]));
    }

    /** A new, empty store of its own. */
    public static MemoryVikingFs create() throws IOException {
        return open(JimfsStores.newRoot(JimfsStores.uniqueRoot()),
                URI.create("mem:anonymous-" + ANONYMOUS.incrementAndGet()), Layers.NONE, null);
    }

    /**
     * A new, empty store of its own whose disk fails as {@code faults} says (for testing error handling). Its
     * {@link #crash()} states open on a healthy disk.
     */
    public static MemoryVikingFs create(Faults faults) throws IOException {
        return open(JimfsStores.newRoot(JimfsStores.uniqueRoot()),
                URI.create("mem:anonymous-" + ANONYMOUS.incrementAndGet()), new Layers(faults.layer(), Layers.NONE.fs()),
                null);
    }

    /**
     * Opens the store under {@code root} (recovery runs), recording every step; {@code listener} (or null) sees a
     * crash point after each, recovery's included.
     */
    static MemoryVikingFs open(Path root, URI uri, Layers layers, Consumer<Snapshot> listener) throws IOException {
        CrashableDisk crashable = new CrashableDisk(new NioDisk(root).leavingKindChecksToCaller()
                .leavingFilePermissionsToDefaults());
        crashable.onStep(listener);
        Disk top = layers.disk().apply(crashable);
        // No other process can reach a Jimfs, so every temp file not in use here is a crash's leftover.
        VikingFs local = LocalVikingFs.open(top, LocalOptions.DEFAULT.withTempReclaimAge(Duration.ZERO));
        VikingFs fs;
        try {
            fs = layers.fs().apply(local, top);
        } catch (RuntimeException e) {
            local.close();
            throw e;
        }
        return new MemoryVikingFs(fs, crashable, root, uri, layers, () -> root.getFileSystem().close());
    }

    /** A view of this store that shares its storage; closing the view runs {@code onClose} instead. */
    MemoryVikingFs sharedView(URI uri, Closeable onClose) {
        return new MemoryVikingFs(delegate(), disk, root, uri, layers, onClose);
    }

    @Override
    public URI uri() {
        return uri;
    }

    /** The local backend's capabilities, without cross-process safety, with power-loss simulation. */
    @Override
    public Capabilities capabilities() {
        return capabilities;
    }

    // Every operation checks this handle first: a closed mem: handle refuses work even while other handles keep
    // the shared storage open.
    private void ensureOpen() {
        if (closed.get()) {
            throw new ClosedFileSystemException();
        }
    }

    @Override
    public byte[] read(VPath path) throws IOException {
        ensureOpen();
        return super.read(path);
    }

    @Override
    public InputStream newInputStream(VPath path) throws IOException {
        ensureOpen();
        return super.newInputStream(path);
    }

    @Override
    public FileStat stat(VPath path) throws IOException {
        ensureOpen();
        return super.stat(path);
    }

    @Override
    public boolean exists(VPath path) throws IOException {
        ensureOpen();
        return super.exists(path);
    }

    @Override
    public Stream<DirEntry> list(VPath dir) throws IOException {
        ensureOpen();
        return super.list(dir);
    }

    @Override
    public Stream<DirEntry> walk(VPath dir) throws IOException {
        ensureOpen();
        return super.walk(dir);
    }

    @Override
    public Version atomicWrite(VPath path, byte[] bytes, WriteOptions options) throws IOException {
        ensureOpen();
        return super.atomicWrite(path, bytes, options);
    }

    @Override
    public void appendAll(VPath path, List<String> records, boolean durable) throws IOException {
        ensureOpen();
        super.appendAll(path, records, durable);
    }

    @Override
    public void append(VPath path, String record, boolean durable) throws IOException {
        ensureOpen();
        super.append(path, record, durable);
    }

    @Override
    public RecordLog readRecords(VPath path) throws IOException {
        ensureOpen();
        return super.readRecords(path);
    }

    @Override
    public long repairLog(VPath path, boolean durable) throws IOException {
        ensureOpen();
        return super.repairLog(path, durable);
    }

    @Override
    public void rename(VPath src, VPath dst, RenameOptions options) throws IOException {
        ensureOpen();
        super.rename(src, dst, options);
    }

    @Override
    public void delete(VPath path) throws IOException {
        ensureOpen();
        super.delete(path);
    }

    @Override
    public boolean deleteIfExists(VPath path) throws IOException {
        ensureOpen();
        return super.deleteIfExists(path);
    }

    @Override
    public void deleteRecursively(VPath path) throws IOException {
        ensureOpen();
        super.deleteRecursively(path);
    }

    @Override
    public void mkdirs(VPath dir) throws IOException {
        ensureOpen();
        super.mkdirs(dir);
    }

    @Override
    public void switchDirectory(VPath staged, VPath live, boolean durable) throws IOException {
        ensureOpen();
        super.switchDirectory(staged, live, durable);
    }

    /**
     * {@inheritDoc} A {@code mem:} handle shares its store with the other handles of that name, so its stagings
     * cannot be left to recovery when it closes (the store stays open): closing the handle aborts them.
     */
    @Override
    public StagedDirectory stage(VPath live) throws IOException {
        ensureOpen();
        StagedDirectory staged = super.stage(live);
        if (onClose instanceof SharedClose) {
            openStagings.removeIf(h -> !h.isOpen());
            openStagings.add(staged);
        }
        return staged;
    }

    @Override
    public RecoveryReport recover(boolean apply) throws IOException {
        ensureOpen();
        return super.recover(apply);
    }

    /**
     * A new store holding a random state a power loss could leave now (see {@link CrashOptions.Mode#RANDOM}); the
     * seed is random. This store is unchanged.
     */
    public MemoryVikingFs crash() throws IOException {
        return crash(CrashOptions.random(new Random().nextLong()));
    }

    /**
     * A new, independent store holding the post-power-loss state {@code options} chooses, under the crash model
     * {@link CrashOptions#model()} names, opened (so recovery has run on it). This store is unchanged and stays
     * usable.
     *
     * @throws IOException if recovery fails on that state (which the conformance suite proves never happens)
     */
    public MemoryVikingFs crash(CrashOptions options) throws IOException {
        ensureOpen();
        Snapshot s = disk.snapshot();
        Snapshot.Selection sel = switch (options.mode()) {
            case SYNCED_ONLY -> s.syncedOnly(options.model());
            case EVERYTHING -> s.everything(options.model());
            case RANDOM -> s.random(new Random(options.seed()), options.model());
        };
        URI crashed = URI.create(uri + "~crash" + crashes.incrementAndGet());
        // A crash is a restart: injected faults belonged to the run that crashed, not to the restarted disk.
        Layers after = layers.disk() instanceof Faults.Layer ? Layers.NONE : layers;
        return open(s.materialize(sel), crashed, after, null);
    }

    /** The crash point of this instant (for the explorer). */
    Snapshot snapshot() {
        return disk.snapshot();
    }

    /** Sees a crash point after every primitive step from now on; {@code null} stops. */
    void onStep(Consumer<Snapshot> listener) {
        disk.onStep(listener);
    }

    Layers layers() {
        return layers;
    }

    @Override
    public void close() throws IOException {
        if (closed.get()) {
            return; // closing twice is harmless
        }
        for (StagedDirectory staged : List.copyOf(openStagings)) {
            staged.close(); // aborts it, through this handle while it is still open
        }
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (onClose instanceof SharedClose) {
                onClose.close();
            } else {
                try {
                    super.close();
                } finally {
                    onClose.close();
                }
            }
        } finally {
            disk.onStep(null);
        }
    }

    /** Marks a close hook that closes the shared store itself when its last view closes. */
    interface SharedClose extends Closeable {
    }
}
