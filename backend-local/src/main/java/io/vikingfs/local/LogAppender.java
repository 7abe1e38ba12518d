package io.vikingfs.local;

import io.vikingfs.RecordLog;
import io.vikingfs.VPath;
import io.vikingfs.VikingFsException;
import io.vikingfs.local.disk.Disk;
import io.vikingfs.local.disk.DiskFile;
import io.vikingfs.local.disk.DiskLock;
import io.vikingfs.local.disk.DiskStat;
import io.vikingfs.spi.Jsonl;
import io.vikingfs.telemetry.FlushKind;
import io.vikingfs.telemetry.Telemetry;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The JSONL log protocol. A batch is validated and encoded whole first ({@link Jsonl#encode}); then, under the
 * log's JVM-wide lock and its {@code FileLock} (other processes): the size is read, a torn tail — only the bytes
 * after the last newline — is cut (field cases 1), and the batch is written with ONE positioned write at that
 * end. Nothing is ever truncated to a length sampled before the lock (field cases 3), and no offset is kept
 * between appends (field cases 2). The locks are released before any flush; a durable append then waits for a
 * shared flush of the log ({@link GroupCommit}): one sync covers every append written before it started.
 *
 * <p>An open descriptor is kept per log. Before each write the path's file identity is compared with the
 * descriptor's; if the path was replaced (a sync tool, field cases 7) or removed, the log is reopened or
 * recreated, so no record goes to an unlinked file.
 */
final class LogAppender {
    /** One open descriptor of a log. */
    private static final class Handle {
        final DiskFile file;
        final Object fileKey;
        final GroupCommit flushes;
        /** End of the last batch this handle wrote: the tail is known clean at exactly this size. */
        long cleanEnd = -1;
        /**
         * Whether the log's directory entry is known durable: a durable append through a new descriptor syncs the
         * directory once (whoever created the file may not have).
         */
        volatile boolean entryDurable;
        int pins;
        boolean retired;

        Handle(DiskFile file, Object fileKey, boolean entryDurable, AtomicInteger appenders, Telemetry telemetry,
               Path path) {
            this.flushes = new GroupCommit(appenders::get, telemetry, FlushKind.FILE, path);
            this.file = file;
            this.fileKey = fileKey;
            this.entryDurable = entryDurable;
        }
    }

    /** The per-instance state of one log path; {@code lock} is shared JVM-wide. */
    private static final class Log {
        final ReentrantLock lock;
        /** Durable appenders of this instance inside {@code append}: a flush leader may wait for them to join. */
        final AtomicInteger appenders = new AtomicInteger();
        volatile Handle handle;
        /** Set (under the lock) when eviction closed this state; holders must resolve again. */
        boolean evicted;
        /** Whether a durable append walked this log's directories (making each durably linked). */
        volatile boolean ancestorsDurable;

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
    private final Telemetry telemetry;
    /** Open logs stay open up to this many; beyond, idle ones are closed. */
    private static final int MAX_OPEN_LOGS = 128;

    private final ConcurrentHashMap<Path, Log> logs = new ConcurrentHashMap<>();
    /** The real path each store path last resolved to (a hint, checked before use). */
    private final ConcurrentHashMap<VPath, Path> lastPath = new ConcurrentHashMap<>();

    LogAppender(Disk disk, Resolver resolver, Publisher publisher, FileLocks fileLocks, PathLocks pathLocks,
                FileReads reads, Failures failures, Telemetry telemetry) {
        this.disk = disk;
        this.resolver = resolver;
        this.publisher = publisher;
        this.fileLocks = fileLocks;
        this.pathLocks = pathLocks;
        this.reads = reads;
        this.failures = failures;
        this.telemetry = telemetry;
    }

    /** Where an append goes: the log's state, its real directory and path, and how to check it under the lock. */
    private record Target(Log log, Path dir, Path path, Path fastCheck) {
    }

    void append(VPath vpath, List<String> records, boolean durable) throws IOException {
        byte[] bytes = Jsonl.encode(vpath, records); // all validated before anything is touched
        if (vpath.isRoot()) {
            throw new VikingFsException("", "the store's root is a directory; append to a file path below it");
        }
        long[] sequence = new long[1];
        Locked write = handle -> {
            long end = TornTail.cut(handle.file, handle.file.size(), handle.cleanEnd);
            handle.cleanEnd = -1; // a failed write may leave a torn tail: the next append checks again
            handle.file.write(ByteBuffer.wrap(bytes), end);
            handle.cleanEnd = end + bytes.length;
            sequence[0] = handle.flushes.register();
        };
        Target t = cachedTarget(vpath, durable);
        Handle h = null;
        while (h == null) {
            if (t == null) {
                t = resolvedTarget(vpath, durable);
            }
            failures.checkWritable(vpath.toString(), t.path());
            if (durable) {
                t.log().appenders.incrementAndGet();
            }
            try {
                h = underLocks(t.log(), vpath, t.dir(), t.path(), t.fastCheck(), true, durable, write);
                if (h != null && durable) {
                    try {
                        if (!h.entryDurable) {
                            publisher.syncDirectory(t.dir(), vpath.toString()); // the new entry, once per descriptor
                            h.entryDurable = true;
                        }
                        publisher.awaitFile(h.flushes, sequence[0], h.file, vpath.toString(), t.path());
                    } finally {
                        unpin(t.log(), h);
                    }
                }
            } finally {
                if (durable) {
                    t.log().appenders.decrementAndGet();
                }
                Handle current = h != null ? h : t.log().handle;
                if (current != null) {
                    current.flushes.poke();
                }
            }
            t = null; // the cached route was stale (switched, replaced or evicted): resolve in full
        }
        if (logs.size() > MAX_OPEN_LOGS) {
            evict();
        }
    }

    /**
     * The route of the last append to {@code vpath}, if its descriptor is open: checked under the lock by one
     * {@code lstat} of the plain path (the kernel follows every component, pointers included) against the
     * descriptor's file identity. A match means the path leads to the very file this instance resolved and opened
     * safely before — whatever links lie on the way now, the write goes to that file — so the per-component walk
     * is skipped. Any mismatch (a switch, a replaced file or directory, a new link) takes the full walk.
     */
    private Target cachedTarget(VPath vpath, boolean durable) {
        Path hint = lastPath.get(vpath);
        Log log = hint == null ? null : logs.get(hint);
        Handle h = log == null ? null : log.handle;
        if (h == null || h.fileKey == null || durable && !log.ancestorsDurable) {
            return null; // (a first durable append walks in full once, making the directories on the way durable)
        }
        return new Target(log, hint.getParent(), hint, disk.root().resolve(vpath.toString()));
    }

    private Target resolvedTarget(VPath vpath, boolean durable) throws IOException {
        Path dir = resolver.ensureDirectory(vpath.parent(), durable);
        Path path = dir.resolve(vpath.name());
        Log log = logs.computeIfAbsent(path, p -> new Log(pathLocks.lockFor(p)));
        if (durable) {
            log.ancestorsDurable = true;
        }
        lastPath.put(vpath, path);
        return new Target(log, dir, path, null);
    }

    /** Closes descriptors of idle logs so an instance appending to many logs keeps few files open. */
    private void evict() throws IOException {
        var it = logs.entrySet().iterator();
        while (it.hasNext() && logs.size() > MAX_OPEN_LOGS * 3 / 4) {
            Log log = it.next().getValue();
            if (log.appenders.get() > 0 || !log.lock.tryLock()) {
                continue;
            }
            try {
                log.evicted = true;
                if (log.handle != null) {
                    retire(log, log.handle);
                }
                it.remove();
            } finally {
                log.lock.unlock();
            }
        }
        lastPath.values().removeIf(p -> !logs.containsKey(p));
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
        long[] result = new long[2];
        Log log;
        Handle h;
        do {
            log = logs.computeIfAbsent(path, p -> new Log(pathLocks.lockFor(p)));
            h = underLocks(log, vpath, r.parent(), path, null, false, true, handle -> {
            long size = handle.file.size();
            handle.cleanEnd = -1;
            long clean = TornTail.cut(handle.file, size, -1);
            handle.cleanEnd = clean;
            result[0] = size - clean;
            result[1] = handle.flushes.register();
            });
        } while (h == null);
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
                    log.handle = new Handle(f, fileKey(path), false, log.appenders, telemetry, path);
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
        log.handle = new Handle(f, st.fileKey(), false, log.appenders, telemetry, path);
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
    private Handle underLocks(Log log, VPath vpath, Path dir, Path path, Path fastCheck, boolean create, boolean pin,
                              Locked action) throws IOException {
        long waited = telemetry.lock(log.lock); // a wait is reported (JFR, metrics) once released
        try {
            if (log.evicted) {
                return null; // closed by eviction meanwhile: the caller resolves again
            }
            for (int attempt = 0; ; attempt++) {
                Handle h = current(log, vpath, dir, path, create);
                try (DiskLock ignored = h.file.lock()) {
                    DiskStat st = disk.stat(fastCheck != null ? fastCheck : path);
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
                    if (fastCheck != null) {
                        return null; // the cached route no longer leads here: the caller resolves in full
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
            telemetry.lockWaited(path, waited);
        }
    }

    private Object fileKey(Path path) throws IOException {
        DiskStat st = disk.stat(path);
        return st == null ? null : st.fileKey();
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
