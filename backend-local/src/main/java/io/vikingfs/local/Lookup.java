package io.vikingfs.local;

import io.vikingfs.spi.Walk;
import io.vikingfs.DirEntry;
import io.vikingfs.EntryKind;
import io.vikingfs.FileStat;
import io.vikingfs.InvalidVPathException;
import io.vikingfs.VPath;
import io.vikingfs.local.disk.Disk;
import io.vikingfs.local.disk.DiskFile;
import io.vikingfs.local.disk.DiskStat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.Objects;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Reads: whole files, streams, stat, listings. A file is read through one descriptor opened once, so a rename
 * that replaces it meanwhile never mixes two versions. Listings are sorted by {@link VPath#compareNames} in
 * bounded memory ({@link SortedNames}); each entry's kind is looked up as the stream reaches it. Hidden: the library's
 * {@code .vfs*} entries, symbolic links other than live-directory pointers (shown as directories), special files,
 * and names no {@link VPath} can spell (written by other programs; the API could not address them anyway).
 */
final class Lookup {
    private final Disk disk;
    private final Resolver resolver;
    private final FileReads reads;
    private final ListSpill spill;

    Lookup(Disk disk, Resolver resolver, FileReads reads, ListSpill spill) {
        this.disk = disk;
        this.resolver = resolver;
        this.reads = reads;
        this.spill = spill;
    }

    /** A read against one resolution of a path. */
    private interface Read<T> {
        T apply(Resolver.Resolved r) throws IOException;
    }

    /**
     * Runs {@code read} against the path's current resolution. Through a live-directory pointer, a concurrent
     * {@code switchDirectory} may retire the generation being read (its files vanish one by one after the
     * switch): if the read then misses something, or the pointer moved while it ran, it is re-run against the
     * new generation — so a reader sees the old tree or the new one, never a tree being deleted. It is re-run at
     * most 16 times: a reader is never starved by switches that come faster than its reads; under a switch at every
     * attempt, the 17th attempt's outcome stands (a file read whole from a retired generation, or its miss).
     */
    private <T> T consistent(VPath path, Read<T> read) throws IOException {
        return consistent(path, read, discarded -> { });
    }

    /** As {@link #consistent(VPath, Read)}; a result read from a retired generation is handed to {@code discard}. */
    private <T> T consistent(VPath path, Read<T> read, java.util.function.Consumer<T> discard) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Resolver.Resolved r = resolver.resolve(path);
            T result;
            try {
                result = read.apply(r);
            } catch (NoSuchFileException | UncheckedIOException e) {
                if (r.viaPointer() && attempt < 16 && moved(path, r)) {
                    continue;
                }
                if (e instanceof UncheckedIOException u) {
                    throw u.getCause(); // an entry's kind read while listing a live directory: an I/O error
                }
                throw e;
            }
            try {
                if (r.viaPointer() && attempt < 16 && moved(path, r)) {
                    discard.accept(result);
                    continue;
                }
            } catch (IOException | RuntimeException e) {
                discard.accept(result);
                throw e;
            }
            return result;
        }
    }

    private boolean moved(VPath path, Resolver.Resolved before) throws IOException {
        return !resolver.resolve(path).path().equals(before.path());
    }

    byte[] read(VPath path) throws IOException {
        return consistent(path, r -> reads.readAll(path.toString(), file(path, r).path()));
    }

    InputStream newInputStream(VPath path) throws IOException {
        Path[] opened = new Path[1];
        DiskFile f = consistent(path, r -> {
            opened[0] = file(path, r).path();
            return reads.open(opened[0]);
        });
        Path p = opened[0];
        return new InputStream() {
            private long position;
            private boolean closed;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                Objects.checkFromIndexSize(off, len, b.length);
                if (closed) {
                    throw new IOException("stream of '" + path + "' is closed");
                }
                if (len == 0) {
                    return 0;
                }
                int n = f.read(ByteBuffer.wrap(b, off, len), position);
                if (n > 0) {
                    position += n;
                }
                return n;
            }

            @Override
            public void close() throws IOException {
                if (!closed) {
                    closed = true;
                    reads.close(p, f);
                }
            }
        };
    }

    /** Kind, size, version and time. A file's version costs reading and hashing the whole file (O(size)). */
    FileStat stat(VPath path) throws IOException {
        return consistent(path, r -> stat(path, r));
    }

    private FileStat stat(VPath path, Resolver.Resolved r) throws IOException {
        existing(path, r);
        Instant modified = Instant.EPOCH.plusNanos(r.stat().modifiedNanos());
        if (r.isDirectory()) {
            return new FileStat(path, EntryKind.DIRECTORY, 0, null, modified);
        }
        if (!r.isFile()) {
            throw notRegular(path);
        }
        byte[] bytes = reads.readAll(path.toString(), r.path());
        return new FileStat(path, EntryKind.FILE, bytes.length, FileReads.versionOf(bytes), modified);
    }

    boolean exists(VPath path) throws IOException {
        return consistent(path, r -> r.isFile() || r.isDirectory());
    }

    /**
     * Names sorted in bounded memory ({@link SortedNames}: the whole directory is read, in chunks spilled as sorted
     * runs when it is large, before the first entry is returned), kinds looked up lazily as the stream reaches
     * them — except inside a live directory, whose generation a concurrent switch may retire: there each entry's
     * kind is looked up while the directory is read and the result is checked against the pointer, so the listing
     * is one whole generation. Closing the stream deletes the runs.
     */
    Stream<DirEntry> list(VPath dir) throws IOException {
        Resolver.Resolved first = resolver.resolve(dir);
        if (!first.viaPointer()) {
            SortedNames names = names(dir, first, false);
            return stream(names).map(n -> entry(dir, first.path(), n)).filter(Objects::nonNull);
        }
        SortedNames tagged = consistent(dir, r -> names(dir, r, true), SortedNames::close);
        return stream(tagged).map(t -> new DirEntry(dir.resolve(t.substring(0, t.length() - 2)),
                t.charAt(t.length() - 1) == 'F' ? EntryKind.FILE : EntryKind.DIRECTORY));
    }

    /**
     * The listable names of the resolved directory, sorted. With {@code withKinds}, each name carries its kind
     * looked up now, as {@code name + '\0' + 'F'|'D'} — NUL is in no file name and sorts below every character, so
     * tagged names sort exactly as their names do; entries gone or of no listable kind are dropped.
     */
    private SortedNames names(VPath dir, Resolver.Resolved r, boolean withKinds) throws IOException {
        existing(dir, r);
        if (!r.isDirectory()) {
            throw new NotDirectoryException(dir.toString());
        }
        return SortedNames.of(disk.names(r.path()), n -> {
            if (VPath.isReserved(n) || !nameable(n)) {
                return null;
            }
            if (!withKinds) {
                return n;
            }
            DirEntry e = entry(dir, r.path(), n);
            return e == null ? null : n + '\0' + (e.isDirectory() ? 'D' : 'F');
        }, spill);
    }

    private static Stream<String> stream(SortedNames names) {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(names,
                Spliterator.ORDERED | Spliterator.DISTINCT | Spliterator.NONNULL), false).onClose(names::close);
    }

    Stream<DirEntry> walk(VPath dir) throws IOException {
        return Walk.depthFirst(this::list, dir);
    }

    private DirEntry entry(VPath dir, Path base, String name) {
        try {
            DiskStat st = disk.stat(base.resolve(name));
            if (st == null) {
                return null; // removed since the listing was taken
            }
            EntryKind kind = st.isFile() ? EntryKind.FILE
                    : st.isDirectory() || st.isSymlink() && resolver.isPointer(base, name) ? EntryKind.DIRECTORY
                    : null;
            return kind == null ? null : new DirEntry(dir.resolve(name), kind);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean nameable(String name) {
        try {
            VPath.of(name);
            return true;
        } catch (InvalidVPathException e) {
            return false;
        }
    }

    private Resolver.Resolved file(VPath path, Resolver.Resolved r) throws IOException {
        existing(path, r);
        if (r.isDirectory()) {
            throw new FileSystemException(path.toString(), null, "is a directory; read files only (list a directory)");
        }
        if (!r.isFile()) {
            throw notRegular(path);
        }
        return r;
    }

    /** Fails unless {@code r} exists, saying why not (missing, or below a file). */
    private static void existing(VPath path, Resolver.Resolved r) throws IOException {
        if (!r.exists()) {
            throw new NoSuchFileException(path.toString(), null, r.blockedBy() == null
                    ? "no such file or directory in the store"
                    : "'" + r.blockedBy() + "' is a file, so nothing exists below it");
        }
    }

    private static FileSystemException notRegular(VPath path) {
        return new FileSystemException(path.toString(), null,
                "is not a regular file or directory (a special file made by another program)");
    }
}
