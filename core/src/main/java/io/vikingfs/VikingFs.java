package io.vikingfs;

import io.vikingfs.spi.VikingFsProvider;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * One storage namespace — a local folder, an in-memory store or an S3 prefix — with the same operations and the
 * same crash guarantees on every backend.
 *
 * <h2>Guarantees shared by every backend</h2>
 * <ul>
 *   <li>Readers ({@link #read}, {@link #newInputStream}, {@link #stat}, {@link #readRecords}) see a complete
 *       version of a file, never a torn one.</li>
 *   <li>{@code durable = true} (the default): when the call returns, its effect survives a power loss (on S3,
 *       every acknowledged call is durable). {@code durable = false}: when the call returns, its effect is
 *       visible and survives a process crash; a power loss may undo it, but never tears it: an
 *       {@code atomicWrite} leaves the old or the new content, a log keeps a prefix of its records.</li>
 *   <li>No lock is held across a flush or a network call in a way that makes callers of unrelated paths wait;
 *       concurrent durable calls share flushes.</li>
 *   <li>Errors are {@link IOException}s naming the path: the {@code java.nio.file} ones where they fit
 *       ({@code NoSuchFileException}, {@code FileAlreadyExistsException}, {@code DirectoryNotEmptyException},
 *       {@code NotDirectoryException}) and the library's {@link VikingFsException} subclasses. Nothing is
 *       swallowed. A failed flush is final: {@link DurabilityLostException}, and the instance refuses further
 *       writes to what it could not sync.</li>
 *   <li>Names starting with {@code .vfs} are the library's own; {@link VPath} refuses them and listings hide
 *       them.</li>
 * </ul>
 * Where a backend cannot keep a guarantee natively it says so in {@link #capabilities()}, and the affected call
 * throws {@link UnsupportedByBackendException} rather than quietly doing something weaker.
 *
 * <p>Implementations are thread-safe. Conveniences (JSON records, text) live in {@link Records}, not here, so
 * decorators built on {@link ForwardingVikingFs} cannot be bypassed.
 */
public interface VikingFs extends Closeable {

    /**
     * Opens a store by URI, finding the backend through {@link ServiceLoader}: {@code file:/abs/dir},
     * {@code mem:name}, {@code s3://bucket/prefix?endpoint=…}. Opening runs recovery of interrupted operations.
     *
     * @throws IOException if no backend on the class path handles the scheme, or the store cannot be opened
     */
    static VikingFs open(URI uri) throws IOException {
        List<String> schemes = new ArrayList<>();
        for (VikingFsProvider p : ServiceLoader.load(VikingFsProvider.class, VikingFs.class.getClassLoader())) {
            if (p.scheme().equalsIgnoreCase(uri.getScheme())) {
                return p.open(uri);
            }
            schemes.add(p.scheme());
        }
        throw new VikingFsException(uri.toString(), "no VikingFS backend for scheme '" + uri.getScheme()
                + "' on the class path (found: " + schemes + "); add the backend module that provides it");
    }

    /** The URI this store was opened with (credentials removed). */
    URI uri();

    /** What this backend guarantees natively. Never claims what the conformance suite does not prove. */
    Capabilities capabilities();

    // ---------------------------------------------------------------- reading

    /**
     * The whole content of a file: one complete version, never a torn one.
     *
     * @throws java.nio.file.NoSuchFileException if there is no file at {@code path}
     */
    byte[] read(VPath path) throws IOException;

    /**
     * A stream over one complete version of the file, consistent to its end even if the file is replaced
     * meanwhile. The caller closes it.
     */
    InputStream newInputStream(VPath path) throws IOException;

    /**
     * The kind, size, version and modification time of a path.
     *
     * @throws java.nio.file.NoSuchFileException if nothing exists at {@code path}
     */
    FileStat stat(VPath path) throws IOException;

    /** Whether a file or directory exists at {@code path}. */
    boolean exists(VPath path) throws IOException;

    /**
     * The entries directly inside {@code dir}, complete and sorted by {@link VPath#compareNames name}, without the
     * library's {@code .vfs*} entries. Never silently capped: large listings stream (on S3, page by page). The
     * caller closes the stream; an I/O error while streaming is an {@link java.io.UncheckedIOException}.
     *
     * @throws java.nio.file.NoSuchFileException   if {@code dir} does not exist
     * @throws java.nio.file.NotDirectoryException if {@code dir} is a file
     */
    Stream<DirEntry> list(VPath dir) throws IOException;

    /**
     * Every entry below {@code dir} (not {@code dir} itself), depth first, each directory's entries sorted as in
     * {@link #list}, a directory before its contents. The caller closes the stream.
     */
    Stream<DirEntry> walk(VPath dir) throws IOException;

    // ---------------------------------------------------------------- writing whole files

    /**
     * Replaces the content of {@code path} with exactly {@code bytes}, all at once. Missing parent directories
     * are created.
     *
     * <p>On return, readers see the new bytes. At every instant and after any crash, readers see the old content
     * (or no file, if there was none) or exactly the new bytes: never an empty, partial or mixed file, whether
     * durable or not. If {@code options.durable()}, on return the new bytes survive a power loss.
     *
     * @return the new version, for a later {@link Precondition#ifMatch}
     * @throws PreconditionFailedException if the precondition does not hold; nothing was changed
     * @throws java.nio.file.FileSystemException if {@code path} or a parent is a directory where a file is
     *         needed, or the reverse
     */
    Version atomicWrite(VPath path, byte[] bytes, WriteOptions options) throws IOException;

    // ---------------------------------------------------------------- logs

    /**
     * Appends records to the JSONL log at {@code path}, each as one line. Each record is all or nothing: after
     * any crash a record is whole or absent, never a part of one, and the log holds a prefix of what was appended.
     * The batch is all or nothing too where the backend declares {@link Capability#ATOMIC_BATCH_APPEND}; without
     * it a crash during the call may keep a prefix of the batch's records. The file and its parents are created
     * if missing.
     *
     * <p>Concurrent appenders (threads; processes where the backend declares
     * {@link Capability#CROSS_PROCESS_SAFE}) never interleave, overwrite or lose each other's records, and each
     * writer's order is kept. A torn tail left by a crash (bytes after the last newline) is removed first, under
     * the log's lock, so the batch starts on a clean line; complete records are never removed.
     *
     * <p>If {@code durable}, on return the batch and everything before it survive a power loss; concurrent durable
     * appends share one flush.
     *
     * @throws InvalidRecordException if any record is not a valid line (see {@link io.vikingfs.spi.Jsonl});
     *         nothing was appended
     */
    void appendAll(VPath path, List<String> records, boolean durable) throws IOException;

    /** Appends one record; exactly {@code appendAll} of a one-record batch. */
    default void append(VPath path, String record, boolean durable) throws IOException {
        // singletonList, not List.of: a null record must reach validation and fail as InvalidRecordException.
        appendAll(path, Collections.singletonList(record), durable);
    }

    /**
     * Reads every complete record of a log in order, with a report of damaged regions (a torn tail, corrupt
     * lines). Damage never hides the valid records around it. Reading changes nothing.
     *
     * @throws java.nio.file.NoSuchFileException if there is no file at {@code path}
     */
    RecordLog readRecords(VPath path) throws IOException;

    /**
     * Removes a log's torn tail — only the bytes after its last newline, under the log's lock, so never a record
     * another writer completed. Idempotent.
     *
     * @return the number of bytes removed (0 if the log was clean)
     */
    long repairLog(VPath path, boolean durable) throws IOException;

    // ---------------------------------------------------------------- namespace

    /**
     * Moves a file or directory. Fails with {@code FileAlreadyExistsException} if {@code dst} exists, unless
     * {@code options.replace()} and {@code dst} is a file. Missing parents of {@code dst} are created.
     *
     * <p>After any crash the bytes exist intact at {@code src} or {@code dst} — never at neither, never torn;
     * where {@link Capability#ATOMIC_FILE_RENAME} (or {@link Capability#ATOMIC_DIRECTORY_RENAME} for a directory)
     * is declared, at exactly one of them — after a power loss on a file system without a metadata journal (the
     * strict-POSIX model, docs/contract.md §3), a rename not yet durable may keep both names, each then its own
     * copy, and one across directories may be lost only by a power loss during the call itself. If
     * {@code options.durable()}, on return {@code dst} holds them (a directory: every file in it, however it was
     * written) and {@code src} is gone, even after a power loss.
     *
     * @throws UnsupportedByBackendException for a directory where {@link Capability#DIRECTORY_RENAME} is missing
     */
    void rename(VPath src, VPath dst, RenameOptions options) throws IOException;

    /**
     * Deletes a file or an empty directory, durably.
     *
     * @throws java.nio.file.NoSuchFileException         if nothing exists at {@code path}
     * @throws java.nio.file.DirectoryNotEmptyException if it is a non-empty directory
     */
    void delete(VPath path) throws IOException;

    /** As {@link #delete}, but returns {@code false} instead of failing when nothing exists at {@code path}. */
    boolean deleteIfExists(VPath path) throws IOException;

    /**
     * Deletes a file, or a directory with everything below it, durably. Not atomic: after a crash part of the
     * tree may remain (never a torn file).
     *
     * @throws java.nio.file.NoSuchFileException if nothing exists at {@code path}
     */
    void deleteRecursively(VPath path) throws IOException;

    /** Creates {@code dir} and its missing parents, durably. Succeeds if it already is a directory. */
    void mkdirs(VPath dir) throws IOException;

    /**
     * Replaces the directory {@code live} with the directory {@code staged} all at once.
     *
     * <p>On return, {@code live} holds exactly what {@code staged} held, {@code staged} is gone and the old tree
     * is reclaimed. At every instant and after any crash, {@code live} is entirely the old tree or entirely the
     * new one — never a mix, never missing (if it existed). If {@code durable}, on return the switch survives a
     * power loss. {@code live} may be absent (it is created) and its parents are created.
     *
     * @throws java.nio.file.NoSuchFileException   if {@code staged} does not exist
     * @throws java.nio.file.NotDirectoryException if {@code staged} or {@code live} is a file
     */
    void switchDirectory(VPath staged, VPath live, boolean durable) throws IOException;

    /**
     * Creates an empty staging directory that the library owns, beside {@code live} (same parent, a name derived
     * from {@code live}'s, e.g. {@code s1.staged-<id>}), for a later {@link StagedDirectory#commit} over
     * {@code live}. Fill it through the ordinary API at {@link StagedDirectory#path()}. Missing parents of
     * {@code live} are created; {@code live} itself may be absent.
     *
     * <p>Unlike a directory the caller makes and switches itself, a staging made here is reclaimed by recovery
     * when it is abandoned: its owner crashed, or closed the store, without committing or closing the handle.
     * Recovery never reclaims a staging whose owner is still running, a directory the caller made, or
     * {@code live}. On return the directory and the library's record of it are durable.
     *
     * @throws java.nio.file.NotDirectoryException if {@code live} is a file; nothing was created
     * @throws VikingFsException                   if {@code live} is the root
     */
    StagedDirectory stage(VPath live) throws IOException;

    // ---------------------------------------------------------------- maintenance

    /**
     * Finds what interrupted operations left behind — temp files, abandoned stagings of {@link #stage},
     * staged and superseded generations of {@link #switchDirectory}, stale locks — and, if {@code apply}, reclaims
     * it. Never touches live data or the files of operations still
     * running in this or (where declared) another process. Idempotent; a crash during recovery is itself
     * recoverable. Opening a store runs it with {@code apply = true}.
     */
    RecoveryReport recover(boolean apply) throws IOException;

    /** Releases the store's resources. Further calls fail with {@link java.nio.file.ClosedFileSystemException}. */
    @Override
    void close() throws IOException;
}
