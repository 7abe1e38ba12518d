package io.vikingfs.local.disk;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

/**
 * The primitive operations the local protocols are written against, once. {@link NioDisk} runs them on any
 * {@code java.nio} file system (the real disk, Jimfs); the memory backend's crashable disk records them to
 * produce post-power-loss states; fault-injecting disks wrap either.
 *
 * <p>Paths are paths of one {@link java.nio.file.FileSystem}, under {@link #root()}. No operation follows a
 * symbolic link in its last component; only {@link #readSymlink} and {@link #createSymlink} touch links.
 * Implementations hide the differences between file systems (Jimfs and Linux disagree on moves over existing
 * targets and on syncing directories): every method has the one meaning written here, everywhere.
 *
 * <p>Durability model (what a crash simulator must honour): data written through a {@link DiskFile} is durable
 * once {@link DiskFile#sync()} returns; a directory's entries (created, removed, renamed names) are durable once
 * {@link #syncDirectory} of that directory returns.
 */
public interface Disk {
    /** The directory every path of this disk lies under. */
    Path root();

    /** Attributes of {@code path}, not following a final link; {@code null} if nothing is there. */
    DiskStat stat(Path path) throws IOException;

    /** The names in {@code dir}, in no particular order. */
    List<String> list(Path dir) throws IOException;

    /**
     * The names in {@code dir}, in no particular order, read as the iteration advances (a listing in bounded
     * memory); close the stream. An error while iterating is a {@link java.nio.file.DirectoryIteratorException}.
     * The default reads {@link #list} whole; a disk on a real directory streams it.
     */
    default DirectoryStream<String> names(Path dir) throws IOException {
        List<String> all = list(dir);
        return new DirectoryStream<>() {
            @Override
            public Iterator<String> iterator() {
                return all.iterator();
            }

            @Override
            public void close() {
            }
        };
    }

    /** Opens an existing regular file for reading. */
    DiskFile openRead(Path path) throws IOException;

    /**
     * Creates a new regular file exclusively — {@code FileAlreadyExistsException} if anything exists at
     * {@code path} — with the disk's file permissions, open for reading and writing.
     */
    DiskFile createNew(Path path) throws IOException;

    /** Opens an existing regular file for reading and writing (a log). */
    DiskFile openWrite(Path path) throws IOException;

    /** Creates one directory with the disk's directory permissions; {@code FileAlreadyExistsException} if taken. */
    void createDirectory(Path dir) throws IOException;

    /** Makes the entries of {@code dir} durable (fsync of the directory). */
    void syncDirectory(Path dir) throws IOException;

    /**
     * Closes the descriptors the disk keeps open between calls (directories kept for {@link #syncDirectory}); the
     * disk stays usable and opens them again when needed. A store calls it when it closes. The default keeps none.
     */
    default void closeKept() throws IOException {
    }

    /**
     * Atomically renames {@code src} to {@code dst} (rename(2)): if {@code dst} is a file or a symbolic link it is
     * replaced in the same step; an empty directory {@code dst} is replaced by a directory {@code src}; a
     * non-empty one makes it fail with {@code DirectoryNotEmptyException}.
     */
    void rename(Path src, Path dst) throws IOException;

    /**
     * Creates a hard link {@code link} to the regular file {@code existing}; fails atomically with
     * {@code FileAlreadyExistsException} if anything exists at {@code link} (the basis of no-clobber renames).
     */
    void link(Path existing, Path link) throws IOException;

    /**
     * How many names (hard links) the file at {@code path} has, not following a final link; -1 where the file
     * system cannot say cheaply (then callers must not rely on links: see the rename protocol). {@code
     * NoSuchFileException} if nothing is there.
     */
    default int linkCount(Path path) throws IOException {
        return -1;
    }

    /**
     * Whether this disk is a file system in this JVM's memory (Jimfs): no other process can reach it, and a file's
     * identity ({@link DiskStat#fileKey}) is never given to another file. The protocols may then reuse what is only
     * safe there (an atomic write's temp-file name) and take no {@code FileLock} where the JVM-wide lock of a path
     * already excludes every other user (directory and switch locks). The default: a disk other processes may
     * share.
     */
    default boolean inMemory() {
        return false;
    }

    /** Deletes a file, a symbolic link or an empty directory. */
    void delete(Path path) throws IOException;

    /** Creates a symbolic link at {@code link} whose target is the relative text {@code target}. */
    void createSymlink(Path link, String target) throws IOException;

    /** The target text of the symbolic link at {@code link}. */
    String readSymlink(Path link) throws IOException;
}
