package io.vikingfs.local;

import io.vikingfs.Capabilities;
import io.vikingfs.Capability;
import io.vikingfs.DirEntry;
import io.vikingfs.FileStat;
import io.vikingfs.RecordLog;
import io.vikingfs.RecoveryReport;
import io.vikingfs.RenameOptions;
import io.vikingfs.StagedDirectory;
import io.vikingfs.VPath;
import io.vikingfs.Version;
import io.vikingfs.VikingFs;
import io.vikingfs.VikingFsException;
import io.vikingfs.WriteOptions;
import io.vikingfs.local.disk.Disk;
import io.vikingfs.local.disk.NioDisk;
import io.vikingfs.telemetry.Observable;
import io.vikingfs.telemetry.Telemetry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.ClosedFileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * The local-disk backend: the POSIX protocols, written once against a {@link Disk}, on a folder of the real disk
 * ({@link #open(Path)}, {@code file:/abs/dir}) or on any {@code Disk} ({@link #open(Disk, LocalOptions)}: the
 * memory backend and the crash simulator).
 *
 * <h2>Guarantees (see {@link VikingFs} for those every backend keeps)</h2>
 * <ul>
 *   <li><b>atomicWrite</b>: a {@code .vfs-tmp-…} file in the target's directory, always fsynced (durable or not,
 *       so no crash ever yields an empty or partial file), then renamed over the target; durable: the directory is
 *       synced too. Preconditions are checked under the directory's lock, in-process and cross-process.
 *       Concurrent writes of one path coalesce: a write superseded before it was published is never written, and
 *       returns once the write that replaced it is durable. Versions are content hashes (exact).</li>
 *   <li><b>append</b>: one positioned write at the end of the log for every batch queued by then (the batches
 *       of all threads of the instance, each whole, each thread's in order), under a JVM-wide lock and a
 *       {@code FileLock}, so threads and processes never interleave or overwrite; a torn tail (only the bytes
 *       after the last newline) is removed first. Durable appends share flushes (group commit). The
 *       {@code FileLock} is kept across a burst of appends: another process waits at most ~20 ms while this one
 *       appends without pause, ~3 ms once it stops. A log whose path was replaced is reopened, never written
 *       through a stale descriptor: checked each time the {@code FileLock} is taken and after any change of names
 *       in this JVM; a replacement by another program is noticed when the burst's hold ends.</li>
 *   <li><b>rename</b>: one rename(2) — atomic for files and directories. Without {@code replace}, the target is
 *       checked and the rename done under both directories' locks: no VikingFS writer (any process) can create
 *       the target in between, but a program not using VikingFS could. A durable rename first syncs what it moves
 *       (a directory's whole tree); across directories the target directory is synced before the source, even
 *       when not durable, so a returned rename is never at neither name.</li>
 *   <li><b>switchDirectory</b>: {@code live} becomes a symbolic link to a generation directory
 *       {@code .vfs-gen-<live>-<n>}, swapped by an atomic rename; ordinary tools still read {@code live/…}. A plain
 *       directory is converted on its first switch, crash-safely (an intent record lets recovery finish it), with
 *       a window of one directory sync in which a concurrent reader may not find {@code live}. Readers through a
 *       pointer that a switch retires under them re-read from the new generation (a listing there is collected
 *       whole first), so they see one whole tree. A write into {@code live/…} racing a switch may land in the
 *       retiring generation and be discarded with it (or fail): write into the staged tree instead.</li>
 *   <li><b>Durability</b>: {@code durable=true} fsyncs the data and every directory whose entries changed, and makes
 *       sure (once per directory per instance) that every directory on the way is itself durably linked. A failed
 *       fsync throws {@link io.vikingfs.DurabilityLostException}; the instance then refuses writes to that file
 *       (or, for a directory sync, to that directory's entries) until reopened. No lock that callers of other
 *       paths wait for is held across an fsync.</li>
 *   <li><b>Paths</b>: resolved one component at a time; any symbolic link on the way is refused except the
 *       library's own generation pointers, so no path leaves the root. New files {@code 0600}, directories
 *       {@code 0700} (configurable in {@link LocalOptions}) where the file system has POSIX permissions.</li>
 *   <li><b>Recovery</b> on open (and {@link #recover}): leftover temp files older than
 *       {@link LocalOptions#tempReclaimAge()} whose writer is gone, interrupted conversions, unreferenced generations,
 *       abandoned stagings of {@link #stage}; on open also the sorted runs of listings of killed processes
 *       ({@link LocalOptions#listSpillDirectory()}).</li>
 * </ul>
 *
 * <p><b>On exception</b> nothing is half-done where the operation is atomic (atomicWrite, append batches,
 * rename, switchDirectory): the old state remains, and a temp file or staged generation left behind is reclaimed
 * by recovery. <b>After a crash</b> (process kill or power loss) opening the store runs recovery; the invariants
 * of docs/contract.md §4 hold.
 *
 * <h2>Where this backend differs</h2>
 * <ul>
 *   <li>{@link #stat} reads and hashes the whole file to give its version: O(size).</li>
 *   <li>{@code rename} of a {@code switchDirectory}-managed directory is refused (use switchDirectory).</li>
 *   <li>Names other programs created that no {@link VPath} can spell, foreign symbolic links and special files
 *       are not listed (the API could not address them).</li>
 *   <li>The library keeps {@code .vfs-lock} files in directories it writes to, and {@code .vfs-gen-…}
 *       generations beside switched directories; listings hide them.</li>
 *   <li>Directory syncs are no-ops where the file system cannot sync a directory (Jimfs: use the memory
 *       backend's crash simulation to test power loss).</li>
 *   <li>{@link io.vikingfs.Capability#CROSS_PROCESS_SAFE} is declared on the default file system only; on an
 *       in-process one (Jimfs) no other process can share the store.</li>
 * </ul>
 */
public final class LocalVikingFs implements VikingFs, Observable {
    /** A call into the protocols, translated at the edge. */
    private interface Call<T> {
        T run() throws IOException;
    }

    private final Disk disk;
    private final URI uri;
    private final Capabilities capabilities;
    private final ErrorMap errors;
    private final Lookup lookup;
    private final AtomicWriter writer;
    private final DirectoryLocks directoryLocks;
    private final LogAppender logs;
    private final Namespace namespace;
    private final DirectorySwitch switches;
    private final Staging staging;
    private final Recovery recovery;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Telemetry telemetry = new Telemetry();

    private LocalVikingFs(Disk given, LocalOptions options) {
        // Every change of names is signalled: a log held across a burst of appends re-checks its path after one.
        Disk disk = new NameChangeSignal(given);
        this.disk = disk;
        this.uri = disk.root().toUri();
        Path root = disk.root();
        EnumSet<Capability> caps = EnumSet.of(Capability.ATOMIC_FILE_RENAME, Capability.DIRECTORY_RENAME,
                Capability.ATOMIC_DIRECTORY_RENAME, Capability.ATOMIC_CONDITIONAL_WRITE, Capability.DURABILITY_CONTROL);
        if (root.getFileSystem() == FileSystems.getDefault()) {
            caps.add(Capability.CROSS_PROCESS_SAFE); // an in-process file system (Jimfs) has no other processes
        }
        if (root.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            caps.add(Capability.POSIX_PERMISSIONS);
        }
        this.capabilities = Capabilities.of(caps.toArray(new Capability[0]));
        this.errors = new ErrorMap(root.toString());
        Path realRoot;
        try {
            realRoot = root.toRealPath();
        } catch (IOException e) {
            realRoot = root;
        }
        PathLocks pathLocks = new PathLocks(root, realRoot);
        Failures failures = new Failures();
        Publisher publisher = new Publisher(disk, failures, telemetry);
        FileLocks fileLocks = new FileLocks(disk, pathLocks, telemetry);
        FileReads reads = new FileReads(disk, pathLocks);
        Resolver resolver = new Resolver(disk, publisher);
        this.lookup = new Lookup(disk, resolver, reads, options.listSpill());
        this.directoryLocks = new DirectoryLocks(disk, pathLocks, telemetry);
        this.writer = new AtomicWriter(disk, resolver, publisher, directoryLocks, reads, failures);
        this.logs = new LogAppender(disk, resolver, publisher, fileLocks, pathLocks, reads, failures,
                telemetry);
        this.namespace = new Namespace(disk, resolver, publisher, fileLocks, failures, reads);
        this.switches = new DirectorySwitch(disk, resolver, publisher, fileLocks, reads, namespace, failures);
        this.staging = new Staging(disk, realRoot, resolver, publisher, namespace, failures);
        this.recovery = new Recovery(disk, fileLocks, switches, staging, options.tempReclaimAge(), publisher, reads);
    }

    /** Opens the folder {@code root} (created with its parents if missing) with {@link LocalOptions#DEFAULT}. */
    public static LocalVikingFs open(Path root) throws IOException {
        return open(root, LocalOptions.DEFAULT);
    }

    /**
     * Opens the folder {@code root} on its file system (the real disk, or any {@code java.nio} one), creating it
     * and its parents if missing, then runs recovery unless {@link LocalOptions#recoverOnOpen()} is off.
     */
    public static LocalVikingFs open(Path root, LocalOptions options) throws IOException {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(options, "options");
        Path abs = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(abs)) {
            if (abs.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createDirectories(abs, PosixFilePermissions.asFileAttribute(options.directoryPermissions()));
            } else {
                Files.createDirectories(abs);
            }
        }
        return open(new NioDisk(abs, options.filePermissions(), options.directoryPermissions()), options);
    }

    /**
     * Opens the store on {@code disk} (whose root must exist); every operation goes through the disk, never
     * {@code java.nio} directly. Runs recovery unless {@link LocalOptions#recoverOnOpen()} is off.
     */
    public static LocalVikingFs open(Disk disk, LocalOptions options) throws IOException {
        Objects.requireNonNull(disk, "disk");
        Objects.requireNonNull(options, "options");
        var st = disk.stat(disk.root());
        if (st == null || !st.isDirectory()) {
            throw new VikingFsException(disk.root().toString(), "the store's root is not a directory; create it first");
        }
        LocalVikingFs fs = new LocalVikingFs(disk, options);
        if (options.recoverOnOpen()) {
            fs.recover(true);
            // Sorted runs of a listing a killed process left behind (they live outside any store).
            SortedNames.reclaim(options.listSpill().directory());
        }
        return fs;
    }

    /**
     * Where this store reports its flushes (each log-file and directory fsync, with the changes it covered) and
     * its lock waits; see {@link Telemetry#observe} to attach a listener and time operations.
     */
    @Override
    public Telemetry telemetry() {
        return telemetry;
    }

    /** The disk this store runs on. */
    public Disk disk() {
        return disk;
    }

    @Override
    public URI uri() {
        return uri;
    }

    @Override
    public Capabilities capabilities() {
        return capabilities;
    }

    @Override
    public byte[] read(VPath path) throws IOException {
        return call(path, () -> lookup.read(path));
    }

    @Override
    public InputStream newInputStream(VPath path) throws IOException {
        return call(path, () -> lookup.newInputStream(path));
    }

    /** {@inheritDoc} The version is the hash of the content: this reads the whole file, O(size). */
    @Override
    public FileStat stat(VPath path) throws IOException {
        return call(path, () -> lookup.stat(path));
    }

    @Override
    public boolean exists(VPath path) throws IOException {
        return call(path, () -> lookup.exists(path));
    }

    @Override
    public Stream<DirEntry> list(VPath dir) throws IOException {
        return call(dir, () -> lookup.list(dir));
    }

    @Override
    public Stream<DirEntry> walk(VPath dir) throws IOException {
        return call(dir, () -> lookup.walk(dir));
    }

    @Override
    public Version atomicWrite(VPath path, byte[] bytes, WriteOptions options) throws IOException {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(options, "options");
        return call(path, () -> writer.write(path, bytes, options));
    }

    @Override
    public void appendAll(VPath path, List<String> records, boolean durable) throws IOException {
        call(path, () -> {
            logs.append(path, records, durable);
            return null;
        });
    }

    @Override
    public RecordLog readRecords(VPath path) throws IOException {
        return call(path, () -> logs.readRecords(path));
    }

    @Override
    public long repairLog(VPath path, boolean durable) throws IOException {
        return call(path, () -> logs.repair(path, durable));
    }

    /**
     * {@inheritDoc} One rename(2). Without {@code replace}, the target's absence is checked under both directories'
     * locks: another VikingFS writer cannot slip in, a program not using VikingFS could.
     */
    @Override
    public void rename(VPath src, VPath dst, RenameOptions options) throws IOException {
        Objects.requireNonNull(options, "options");
        ensureOpen();
        Objects.requireNonNull(src, "src");
        Objects.requireNonNull(dst, "dst");
        try {
            namespace.rename(src, dst, options);
        } catch (IOException e) {
            throw errors.map(src.toString(), dst.toString(), e);
        }
    }

    @Override
    public void delete(VPath path) throws IOException {
        call(path, () -> namespace.delete(path, true));
    }

    @Override
    public boolean deleteIfExists(VPath path) throws IOException {
        return call(path, () -> namespace.delete(path, false));
    }

    @Override
    public void deleteRecursively(VPath path) throws IOException {
        call(path, () -> {
            namespace.deleteRecursively(path);
            return null;
        });
    }

    @Override
    public void mkdirs(VPath dir) throws IOException {
        call(dir, () -> {
            namespace.mkdirs(dir);
            return null;
        });
    }

    @Override
    public void switchDirectory(VPath staged, VPath live, boolean durable) throws IOException {
        ensureOpen();
        Objects.requireNonNull(staged, "staged");
        Objects.requireNonNull(live, "live");
        try {
            switches.switchDirectory(staged, live, durable);
        } catch (IOException e) {
            throw errors.map(live.toString(), staged.toString(), e);
        }
    }

    /**
     * {@inheritDoc} The staging {@code <live>.staged-<id>} is recorded by {@code .vfs-stage-<id>} beside it, locked
     * ({@code FileLock}) by its owner until it commits or aborts: recovery in any process reclaims it once no
     * process holds that lock (the OS drops a dead process's) and no open instance of this JVM owns it.
     */
    @Override
    public StagedDirectory stage(VPath live) throws IOException {
        return call(live, () -> staging.stage(this, live));
    }

    @Override
    public RecoveryReport recover(boolean apply) throws IOException {
        return call(VPath.ROOT, () -> recovery.recover(apply));
    }

    /**
     * Closes the open log, lock and directory descriptors. Idempotent; later calls throw
     * {@link ClosedFileSystemException}.
     */
    @Override
    public void close() throws IOException {
        if (closed.compareAndSet(false, true)) {
            staging.closeAll(); // stagings still open are abandoned: the next recovery reclaims them
            try {
                logs.close();
            } finally {
                try {
                    directoryLocks.close();
                } finally {
                    disk.closeKept(); // the directory descriptors kept for syncs
                }
            }
        }
    }

    @Override
    public String toString() {
        return "LocalVikingFs[" + uri + "]";
    }

    /** The log protocol: a seam for tests, which check what it keeps per log ({@link LogAppender#routeHints}). */
    LogAppender logs() {
        return logs;
    }

    private <T> T call(VPath path, Call<T> call) throws IOException {
        ensureOpen();
        Objects.requireNonNull(path, "path");
        try {
            return call.run();
        } catch (IOException e) {
            throw errors.map(path.toString(), e);
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new ClosedFileSystemException();
        }
    }
}
