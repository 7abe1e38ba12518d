package io.vikingfs.local;

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
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Reads: whole files, streams, stat, listings. A file is read through one descriptor opened once, so a rename
 * that replaces it meanwhile never mixes two versions. Listings hold only the names in memory, sorted by
 * {@link VPath#compareNames}; each entry's kind is looked up as the stream reaches it. Hidden: the library's
 * {@code .vfs*} entries, symbolic links other than live-directory pointers (shown as directories), special files,
 * and names no {@link VPath} can spell (written by other programs; the API could not address them anyway).
 */
final class Lookup {
    private final Disk disk;
    private final Resolver resolver;
    private final FileReads reads;

    Lookup(Disk disk, Resolver resolver, FileReads reads) {
        this.disk = disk;
        this.resolver = resolver;
        this.reads = reads;
    }

    byte[] read(VPath path) throws IOException {
        return reads.readAll(path.toString(), file(path).path());
    }

    InputStream newInputStream(VPath path) throws IOException {
        Path p = file(path).path();
        DiskFile f = reads.open(p);
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
        Resolver.Resolved r = existing(path);
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
        Resolver.Resolved r = resolver.resolve(path);
        return r.isFile() || r.isDirectory();
    }

    Stream<DirEntry> list(VPath dir) throws IOException {
        Resolver.Resolved r = existing(dir);
        if (!r.isDirectory()) {
            throw new NotDirectoryException(dir.toString());
        }
        List<String> names = disk.list(r.path());
        names.removeIf(n -> VPath.isReserved(n) || !nameable(n));
        names.sort(VPath::compareNames);
        Path base = r.path();
        return names.stream().map(n -> entry(dir, base, n)).filter(Objects::nonNull);
    }

    Stream<DirEntry> walk(VPath dir) throws IOException {
        return list(dir).flatMap(e -> {
            if (!e.isDirectory()) {
                return Stream.of(e);
            }
            try {
                return Stream.concat(Stream.of(e), walk(e.path()));
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        });
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

    private Resolver.Resolved file(VPath path) throws IOException {
        Resolver.Resolved r = existing(path);
        if (r.isDirectory()) {
            throw new FileSystemException(path.toString(), null, "is a directory; read files only (list a directory)");
        }
        if (!r.isFile()) {
            throw notRegular(path);
        }
        return r;
    }

    private Resolver.Resolved existing(VPath path) throws IOException {
        Resolver.Resolved r = resolver.resolve(path);
        if (!r.exists()) {
            throw new NoSuchFileException(path.toString(), null, r.blockedBy() == null
                    ? "no such file or directory in the store"
                    : "'" + r.blockedBy() + "' is a file, so nothing exists below it");
        }
        return r;
    }

    private static FileSystemException notRegular(VPath path) {
        return new FileSystemException(path.toString(), null,
                "is not a regular file or directory (a special file made by another program)");
    }
}
