package io.vikingfs.local;

import io.vikingfs.RecordLog;
import io.vikingfs.VPath;
import io.vikingfs.VikingFsException;
import io.vikingfs.local.disk.Disk;
import io.vikingfs.local.disk.DiskFile;
import io.vikingfs.local.disk.DiskLock;
import io.vikingfs.local.disk.DiskStat;
import io.vikingfs.spi.Jsonl;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The JSONL log protocol. A batch is validated and encoded whole first ({@link Jsonl#encode}); then, under the
 * log's JVM-wide lock and its {@code FileLock} (other processes): the size is read, a torn tail — only the bytes
 * after the last newline — is cut (FIELD-CASES 1), and the batch is written with ONE positioned write at that
 * end. Nothing is ever truncated to a length sampled before the lock (FIELD-CASES 3), and no offset is kept
 * between appends (FIELD-CASES 2). The locks are released before any flush; a durable append then waits for a
 * shared flush of the log ({@link GroupCommit}): one sync covers every append written before it started.
 *
 * <p>An open descriptor is kept per log. Before each write the path's file identity is compared with the
 * descriptor's; if the path was replaced (a sync tool, FIELD-CASES 7) or removed, the log is reopened or
 * recreated, so no record goes to an unlinked file.
 */
final class LogAppender {
    /** One open descriptor of a log. */
    private static final class Handle {
        final DiskFile file;
        final Object fileKey;
        final GroupCommit flushes = new GroupCommit();
        /** End of the last batch this handle wrote: the tail is known clean at exactly this size. */
        long cleanEnd = -1;
        /** Whether the log's directory entry is known durable (a durable append syncs the directory once). */
        volatile boolean entryDurable;
        int pins;
        boolean retired;

        Handle(DiskFile file, Object fileKey, boolean entryDurable) {
            this.file = file;
            this.fileKey = fileKey;
            this.entryDurable = entryDurable;
        }
    }

    /** The per-instance state of one log path; {@code lock} is shared JVM-wide. */
    private static final class Log {
        final ReentrantLock lock;
        Handle handle;

        Log(ReentrantLock lock) {
            this.lock = lock;
        }
    }

    private final Disk disk;
    private final Resolver resolver;
    private final Publisher publisher;
    private final FileLocks fileLocks;
    private final PathLocks pathLocks;
    private final FileReads reads;
    private final Failures failures;
    private final ConcurrentHashMap<Path, Log> logs = new ConcurrentHashMap<>();

    LogAppender(Disk disk, Resolver resolver, Publisher publisher, FileLocks fileLocks, PathLocks pathLocks,
                FileReads reads, Failures failures) {
        this.disk = disk;
        this.resolver = resolver;
        this.publisher = publisher;
        this.fileLocks = fileLocks;
        this.pathLocks = pathLocks;
        this.reads = reads;
        this.failures = failures;
    }

    void append(VPath vpath, List<String> records, boolean durable) throws IOException {
        byte[] bytes = Jsonl.encode(vpath, records); // all validated before anything is touched
        if (vpath.isRoot()) {
            throw new VikingFsException("", "the store's root is a directory; append to a file path below it");
        }
        Path dir = resolver.ensureDirectory(vpath.parent(), durable);
        Path path = dir.resolve(vpath.name());
        failures.checkWritable(vpath.toString(), path);
        Log log = logs.computeIfAbsent(path, p -> new Log(pathLocks.lockFor(p)));
        long[] sequence = new long[1];
        Handle h = underLocks(log, vpath, dir, path, true, durable, handle -> {
            long end = cutTornTail(handle, handle.file.size());
            handle.cleanEnd = -1; // a failed write may leave a torn tail: the next append checks again
            handle.file.write(ByteBuffer.wrap(bytes), end);
            handle.cleanEnd = end + bytes.length;
            sequence[0] = handle.flushes.register();
        });
        if (durable) {
            try {
                if (!h.entryDurable) {
                    publisher.syncDirectory(dir, vpath.toString()); // the new file's entry, once per descriptor
                    h.entryDurable = true;
                }
                publisher.awaitFile(h.flushes, sequence[0], h.file, vpath.toString(), path);
            } finally {
                unpin(log, h);
            }
        }
    }

    /** Cuts the bytes after the last newline of the log; returns how many were removed. */
    long repair(VPath vpath, boolean durable) throws IOException {
        Resolver.Resolved r = resolver.resolve(vpath);
        if (!r.isFile()) {
            throw r.isDirectory() ? new FileSystemException(vpath.toString(), null, "is a directory, not a log")
                    : new NoSuchFileException(vpath.toString(), null, "no log at this path");
        }
        Path path = r.path();
        failures.checkWritable(vpath.toString(), path);
        Log log = logs.computeIfAbsent(path, p -> new Log(pathLocks.lockFor(p)));
        long[] result = new long[2];
        Handle h = underLocks(log, vpath, r.parent(), path, false, true, handle -> {
            long size = handle.file.size();
            handle.cleanEnd = -1;
            long clean = cutTornTail(handle, size);
            handle.cleanEnd = clean;
            result[0] = size - clean;
            result[1] = handle.flushes.register();
        });
        long removed = result[0];
        long sequence = result[1];
        try {
            if (durable && removed > 0) {
                publisher.awaitFile(h.flushes, sequence, h.file, vpath.toString(), path);
            }
        } finally {
            unpin(log, h);
        }
        return removed;
    }

    RecordLog readRecords(VPath vpath) throws IOException {
        Resolver.Resolved r = resolver.resolve(vpath);
        if (!r.isFile()) {
            throw r.isDirectory() ? new FileSystemException(vpath.toString(), null, "is a directory, not a log")
                    : new NoSuchFileException(vpath.toString(), null, "no log at this path");
        }
        byte[] bytes = reads.readAll(vpath.toString(), r.path());
        return Jsonl.decode(bytes, bytes.length);
    }

    /** The log's descriptor, opening (or, if {@code create}, creating) it. Called under the log's lock. */
    private Handle current(Log log, VPath vpath, Path dir, Path path, boolean create) throws IOException {
        if (log.handle != null) {
            return log.handle;
        }
        DiskStat st = disk.stat(path);
        if (st == null && create) {
            // Under the directory lock so that a no-replace rename in another process cannot clobber the new log.
            try (FileLocks.Held ignored = fileLocks.directory(dir)) {
                try {
                    DiskFile f = disk.createNew(path);
                    log.handle = new Handle(f, fileKey(path), false);
                    return log.handle;
                } catch (FileAlreadyExistsException raced) {
                    st = disk.stat(path); // another process created it first: use theirs
                }
            }
        }
        if (st == null) {
            throw new NoSuchFileException(vpath.toString(), null, "no log at this path");
        }
        if (!st.isFile()) {
            throw new FileSystemException(vpath.toString(), null, (st.isDirectory() ? "is a directory"
                    : "is not a regular file") + "; a log must be a regular file");
        }
        DiskFile f = disk.openWrite(path);
        log.handle = new Handle(f, st.fileKey(), true);
        return log.handle;
    }

    /** What runs under both locks, on a descriptor whose file is the one at the path. */
    private interface Locked {
        void run(Handle h) throws IOException;
    }

    /**
     * Runs {@code action} under the log's JVM-wide lock and its {@code FileLock}, on a descriptor of the file the
     * path names now (checked with the {@code FileLock} held, so a replaced or removed log is reopened or, with
     * {@code create}, recreated). With {@code pin}, the returned handle stays open until {@link #unpin}.
     */
    private Handle underLocks(Log log, VPath vpath, Path dir, Path path, boolean create, boolean pin, Locked action)
            throws IOException {
        log.lock.lock();
        try {
            for (int attempt = 0; ; attempt++) {
                Handle h = current(log, vpath, dir, path, create);
                try (DiskLock ignored = h.file.lock()) {
                    DiskStat st = disk.stat(path);
                    boolean same = st != null && st.isFile()
                            && (h.fileKey == null || Objects.equals(st.fileKey(), h.fileKey));
                    if (same) {
                        action.run(h);
                        if (pin) {
                            synchronized (h) {
                                h.pins++;
                            }
                        }
                        return h;
                    }
                }
                retire(log, h); // the path was replaced or removed: never write to an unlinked file
                if (attempt == 16) {
                    throw new VikingFsException(vpath.toString(), "the log's file keeps being replaced by another "
                            + "program; stop whatever rewrites it and retry");
                }
            }
        } finally {
            log.lock.unlock();
        }
    }

    private Object fileKey(Path path) throws IOException {
        DiskStat st = disk.stat(path);
        return st == null ? null : st.fileKey();
    }

    /** Cuts the bytes after the last newline (a torn append), if any; returns the clean end. Under both locks. */
    private static long cutTornTail(Handle h, long size) throws IOException {
        if (size == 0 || size == h.cleanEnd) {
            return size; // every library writer ends a batch with '\n' and only ever cuts back to one
        }
        ByteBuffer one = ByteBuffer.allocate(1);
        if (h.file.read(one, size - 1) == 1 && one.get(0) == '\n') {
            return size;
        }
        long clean = 0;
        byte[] chunk = new byte[64 * 1024];
        long pos = size;
        search:
        while (pos > 0) {
            int n = (int) Math.min(chunk.length, pos);
            pos -= n;
            ByteBuffer b = ByteBuffer.wrap(chunk, 0, n);
            while (b.hasRemaining() && h.file.read(b, pos + b.position()) >= 0) {
                // fill the chunk
            }
            for (int i = n - 1; i >= 0; i--) {
                if (chunk[i] == '\n') {
                    clean = pos + i + 1;
                    break search;
                }
            }
        }
        h.file.truncate(clean);
        return clean;
    }

    private void unpin(Log log, Handle h) throws IOException {
        boolean close;
        synchronized (h) {
            close = --h.pins == 0 && h.retired;
        }
        if (close) {
            closeRetired(log, h);
        }
    }

    private void retire(Log log, Handle h) throws IOException {
        boolean close;
        synchronized (h) {
            h.retired = true;
            close = h.pins == 0;
        }
        if (log.handle == h) {
            log.handle = null;
        }
        if (close) {
            closeRetired(log, h);
        }
    }

    /** Closes under the JVM-wide lock: closing any descriptor drops this process's POSIX locks on the file. */
    private static void closeRetired(Log log, Handle h) throws IOException {
        log.lock.lock();
        try {
            h.file.close();
        } finally {
            log.lock.unlock();
        }
    }

    /** Closes every descriptor (descriptors still in a flush close when it ends). */
    void close() throws IOException {
        IOException first = null;
        for (Log log : logs.values()) {
            log.lock.lock();
            try {
                if (log.handle != null) {
                    retire(log, log.handle);
                }
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            } finally {
                log.lock.unlock();
            }
        }
        logs.clear();
        if (first != null) {
            throw first;
        }
    }
}
