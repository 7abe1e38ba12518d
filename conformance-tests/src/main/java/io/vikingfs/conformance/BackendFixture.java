package io.vikingfs.conformance;

import io.vikingfs.Capabilities;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One backend's store, as the conformance suite needs it: the only thing a backend writes to run the suite (see
 * {@link VikingFsConformance}). The suite asks its factory for a new fixture before every test and closes it
 * after, so each test starts on an empty store no other test sees.
 *
 * <p>Implementations need not be thread-safe: only the suite's test thread calls them (the store they open is
 * used from many threads).
 */
public interface BackendFixture extends AutoCloseable {

    /**
     * Opens this fixture's store. The first call returns an empty store; a later call (after the suite closed the
     * previous instance) opens the same store again, as a restarted process would, running recovery.
     */
    VikingFs open() throws IOException;

    /**
     * The capabilities the backend must declare. The suite checks that {@link VikingFs#capabilities()} equals this
     * set, proves every declared capability it can, and checks the documented refusal of every missing one.
     */
    Capabilities expected();

    /**
     * How many times the store has made its state durable since this fixture was created, counted below the
     * protocols: local and memory, device flushes (file syncs plus directory syncs, through a counting
     * {@code ForwardingDisk} around the backend's {@code Disk}); S3, acknowledged mutating requests (PUT, copy,
     * delete), each durable once acknowledged. Empty only where the fixture cannot see below the API (a store
     * opened by URI); the counting tests then skip, naming the fixture, not the backend.
     *
     * <p>Where the device under the counter flushes instantly (Jimfs, tmpfs), give each counted flush a device's
     * latency (about a millisecond): group commit shares a flush only among callers that overlap it, so on an
     * instant device the sharing tests would measure the scheduler, not the protocol.
     */
    default OptionalLong flushCount() {
        return OptionalLong.empty();
    }

    /**
     * How a separate JVM opens this same store, for the multi-process tests. Required where the backend declares
     * {@link io.vikingfs.Capability#CROSS_PROCESS_SAFE}: the suite cannot otherwise prove the claim, and fails.
     */
    default Optional<ChildProcessSpec> childProcess() {
        return Optional.empty();
    }

    /**
     * A second instance of this fixture's store, open at the same time as the one the suite uses: another client of
     * the same bucket, another store object on the same folder — its own in-memory state (write queues, caches,
     * in-process locks it does not share), only the storage shared. The cross-instance races use it: within one
     * instance writes to a path are serialised, so only two instances (or two processes) can show a lost update.
     * Empty where the fixture cannot open one; those cases then skip, naming the fixture. The caller closes it.
     */
    default Optional<VikingFs> openConcurrently() throws IOException {
        return Optional.empty();
    }

    /**
     * Where the store keeps its files as a {@code java.nio} path (a local folder, a Jimfs directory), if it has one.
     * Lets the suite look underneath the API: permissions of new files, the library's own {@code .vfs*} files, and
     * leftovers of interrupted operations planted for {@link VikingFs#recover} (a file named {@code .vfs-tmp-…},
     * the temp-file prefix of docs/contract.md §2). The logical path {@code a/b} must be {@code storageRoot/a/b} for
     * directories the store created outside {@code switchDirectory}. Empty for object stores.
     */
    default Optional<Path> storageRoot() {
        return Optional.empty();
    }

    /**
     * Writes {@code data} at {@code relativePath} ({@code /}-separated, relative to the store's root, parents
     * created) directly in the storage under the API, as a foreign program, an older version of the library or a
     * crashed operation could — names the API refuses, such as {@code .vfs-planted}, included. Returns whether
     * the fixture could: by default through {@link #storageRoot()}; object-store fixtures write the object.
     */
    default boolean plantRaw(String relativePath, byte[] data) throws IOException {
        Optional<Path> root = storageRoot();
        if (root.isEmpty()) {
            return false;
        }
        Path f = root.get().resolve(relativePath);
        Files.createDirectories(f.getParent());
        Files.write(f, data);
        return true;
    }

    /** Whether what {@link #plantLeftover} planted is still in the storage. */
    @FunctionalInterface
    interface Leftover {
        boolean exists() throws IOException;
    }

    /**
     * Leaves in {@code dir} (an existing directory of the open store {@code fs}) what an operation cut by a crash
     * leaves there on this backend, below the API, for {@link VikingFs#recover} to report and reclaim. By default
     * (a {@link #storageRoot()}), the temp file of an interrupted {@code atomicWrite}
     * ({@code .vfs-tmp-interrupted-write}, docs/contract.md §2). May add live entries to {@code dir} if the backend's
     * leftover needs them; empty if the fixture cannot reach below the API.
     */
    default Optional<Leftover> plantLeftover(VikingFs fs, VPath dir) throws IOException {
        Optional<Path> root = storageRoot();
        if (root.isEmpty()) {
            return Optional.empty();
        }
        Path f = root.get().resolve(dir.toString()).resolve(".vfs-tmp-interrupted-write");
        Files.write(f, new byte[] {'{'});
        return Optional.of(() -> Files.exists(f));
    }

    /**
     * A fixture over the store at {@code uri}, opened with {@link VikingFs#open(URI)} — for running the suite on a
     * live store ({@link ConformanceRunner}). The URI must name an empty store no other test uses. Where
     * {@code expected} has {@link io.vikingfs.Capability#CROSS_PROCESS_SAFE}, child JVMs open the same URI on this
     * JVM's class path.
     */
    static BackendFixture ofUri(URI uri, Capabilities expected) {
        return new BackendFixture() {
            @Override
            public VikingFs open() throws IOException {
                return VikingFs.open(uri);
            }

            @Override
            public Capabilities expected() {
                return expected;
            }

            @Override
            public Optional<VikingFs> openConcurrently() throws IOException {
                return Optional.of(VikingFs.open(uri));
            }

            @Override
            public Optional<ChildProcessSpec> childProcess() {
                return expected.has(io.vikingfs.Capability.CROSS_PROCESS_SAFE)
                        ? Optional.of(ChildProcessSpec.onCurrentClassPath(uri)) : Optional.empty();
            }
        };
    }

    /** Releases what the fixture holds (temp folders, servers). The suite has closed the store before. */
    @Override
    default void close() throws Exception {
    }
}
