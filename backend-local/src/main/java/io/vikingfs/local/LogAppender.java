package io.vikingfs.local;

import io.vikingfs.RecordLog;
import io.vikingfs.VPath;
import io.vikingfs.VikingFsException;
import io.vikingfs.local.disk.Disk;
import io.vikingfs.local.disk.DiskFile;
import io.vikingfs.local.disk.DiskStat;
import io.vikingfs.spi.Jsonl;
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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The JSONL log protocol. A batch is validated and encoded whole first ({@link Jsonl#encode}) and queued on its
 * log. Whichever appender gets the log's JVM-wide lock writes every batch queued by then — its own and other
 * threads' — with ONE positioned write at the end of the log, under the log's {@code FileLock} (other
 * processes): the size is read, a torn tail — only the bytes after the last newline — is cut (field cases 1), and
 * the batches follow, each whole, each thread's in its order. Nothing is ever truncated to a length sampled
 * before the lock (field cases 3), and no offset is kept between appends except while the {@code FileLock} stays
 * held (field cases 2). Every batch is in the file (visible to readers) when its {@code append} returns. A
 * durable append then waits for a shared flush of the log ({@link GroupCommit}): one sync covers every append
 * written before it started. A durable writer, which waits for a flush anyway, also writes the batches
 * queued while it wrote (a few writes at most), and the durable callers whose batches it wrote sleep on until the
 * flush that covers them ({@link GroupCommit#enroll}): each durable caller is then woken once, not twice. A durable
 * appender that arrives while the next flush's leader gathers the log's appenders hands its batch to that leader,
 * which writes every batch handed over in one write just before its flush ({@link #writeHandedOver}): the appenders
 * woken by one flush then cost one write between them, not one each.
 *
 * <p>The {@code FileLock} is kept across a burst of appends and released when idle, after a bounded hold if another
 * process waits for it, or at close ({@link BurstLocks}). Each time it is taken, the path's file identity is
 * compared with the descriptor's; if the path was replaced (a sync tool, field cases 7) or removed, the log is
 * reopened or recreated, so no record goes to an unlinked file. While it stays held the check is repeated only
 * after this JVM changed a name ({@link NameChangeSignal}): a replacement by another process is noticed when the
 * hold ends.
 */
final class LogAppender {
    /** The per-instance state of one log path; {@code lock} is shared JVM-wide. */
    private static final class Log {
        final ReentrantLock lock;
        /**
         * Durable appenders of this instance inside {@code append}: a flush leader may wait for them to join. One
         * whose batch waits in the queue for the gathering leader to write it ({@link Pending#handedOver}) has joined
         * and is not counted until its batch is taken.
         */
        final AtomicInteger appenders = new AtomicInteger();
        /** Batches waiting for a writer. */
        final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
        volatile LogHandle handle;
        /** Set (under the lock) when eviction closed this state; holders must resolve again. */
        boolean evicted;
        /** Whether a durable append walked this log's directories (making each durably linked). */
        volatile boolean ancestorsDurable;

        Log(ReentrantLock lock) {
            this.lock = lock;
        }
    }

    /** One caller's encoded batch, from queued to written (or failed, or sent back to resolve its path again). */
    private static final class Pending {
        static final int QUEUED = 0;
        static final int WRITTEN = 1;
        static final int FAILED = 2;
        static final int STALE = 3;

        final byte[] bytes;
        final boolean durable;
        final Thread thread = Thread.currentThread();
        LogHandle handle;
        long sequence;
        Exception failure;
        /** Set when the writer enrolled this durable caller in its log's flush group (it then sleeps until the flush). */
        GroupCommit.Waiter enrolled;
        /** When another thread wrote it, if enrolled ({@link System#nanoTime()}): the end of its wait for the lock. */
        long writtenAt;
        /** Queued for the gathering flush leader to write (not counted in {@link Log#appenders} meanwhile). */
        volatile boolean handedOver;
        volatile int state;

        Pending(byte[] bytes, boolean durable) {
            this.bytes = bytes;
            this.durable = durable;
        }
    }

    /** Open logs stay open up to this many; beyond, idle ones are closed. */
    private static final int MAX_OPEN_LOGS = 128;
    /** A writer joins queued batches into one write up to this size (a larger batch is written alone). */
    private static final int MAX_JOINED_BYTES = 1 << 20;
    /** How long a queued appender sleeps before trying the lock again (a writer wakes it sooner). */
    private static final long PARK_NANOS = 1_000_000;
    /** A durable writer writes the batches queued meanwhile in at most this many writes before it lets go. */
    private static final int MAX_ROUNDS = 8;

    private final Disk disk;
    private final Resolver resolver;
    private final Publisher publisher;
    private final FileLocks fileLocks;
    private final PathLocks pathLocks;
    private final FileReads reads;
    private final Failures failures;
    private final Telemetry telemetry;

    private final ConcurrentHashMap<Path, Log> logs = new ConcurrentHashMap<>();
    /**
     * The route each store path last resolved to (a hint, checked under the lock before use), kept whole: building
     * it again per append (a map lookup by real path, a parent path, a resolved route) was 40 % of an append's CPU
     * on the memory backend. A hint goes with its log's state when an eviction drops it, so the map stays within the
     * open logs' bound instead of growing with every path ever appended to.
     */
    private final ConcurrentHashMap<VPath, Target> routes = new ConcurrentHashMap<>();

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
        Target t = cachedTarget(vpath, durable);
        while (true) {
            if (t == null) {
                t = resolvedTarget(vpath, durable);
            }
            failures.checkWritable(vpath.toString(), t.path());
            Log log = t.log();
            if (durable) {
                log.appenders.incrementAndGet();
            }
            LogHandle h = null;
            try {
                Pending p = new Pending(bytes, durable);
                written(vpath, t, p);
                if (p.state == Pending.WRITTEN) {
                    h = p.handle;
                    if (durable) {
                        GroupCommit.Waiter enrolled = p.enrolled;
                        try {
                            if (!h.entryDurable) {
                                publisher.syncDirectory(t.dir(), vpath.toString()); // the new entry, once per descriptor
                                h.entryDurable = true;
                            }
                            enrolled = null; // from here the flush group's own wait withdraws it
                            Target target = t;
                            publisher.awaitFile(h.flushes, p.sequence, p.enrolled, h.file,
                                    () -> writeHandedOver(vpath, target, p), vpath.toString(), t.path());
                        } finally {
                            if (enrolled != null) {
                                h.flushes.leave(enrolled); // failed before waiting: a leader must not count on it
                            }
                            unpin(log, h);
                        }
                    }
                }
            } finally {
                if (durable) {
                    log.appenders.decrementAndGet();
                }
                LogHandle current = h != null ? h : log.handle;
                if (current != null) {
                    current.flushes.poke();
                }
            }
            if (h != null) {
                break;
            }
            t = null; // the cached route was stale (switched, replaced or evicted): resolve in full
        }
        if (logs.size() > MAX_OPEN_LOGS) {
            evict();
        }
    }

    /**
     * Writes {@code p} and returns once it is written, or {@link Pending#STALE}; throws its failure. Whoever takes
     * the lock writes every queued batch; the others sleep until woken by that writer. A batch that finds the lock
     * free and nothing queued is written at once, without going through the queue.
     */
    private void written(VPath vpath, Target t, Pending p) throws IOException {
        Log log = t.log();
        long waitStart = 0;
        LogHandle gathering = p.durable ? log.handle : null;
        if (gathering != null && gathering.flushes.gathering()) {
            // A flush leader is gathering this log's appenders: hand the batch to it, which writes every batch handed
            // over in one write just before its flush (writeHandedOver), instead of one write per appender.
            p.handedOver = true;
            log.queue.add(p);
            log.appenders.decrementAndGet(); // joined: the leader no longer waits for this appender
            gathering.flushes.poke();
        } else if (log.lock.tryLock()) {
            try {
                boolean first = log.queue.isEmpty(); // then written without going through the queue
                if (!first) {
                    log.queue.add(p); // behind batches queued earlier, in their order
                }
                writeRounds(vpath, t, first ? p : null, p);
            } finally {
                log.lock.unlock();
            }
            wakeNextWriter(log);
        } else {
            log.queue.add(p);
        }
        while (p.state == Pending.QUEUED) {
            if (p.handedOver && gathering.flushes.gathering()) {
                // Checked after queueing: once the leader stops gathering it may have looked for handed-over batches
                // before this one was queued; then this thread writes it itself (below).
                LockSupport.parkNanos(log.lock, PARK_NANOS);
            } else if (log.lock.tryLock()) {
                try {
                    if (p.state == Pending.QUEUED) {
                        writeRounds(vpath, t, null, p);
                    }
                } finally {
                    log.lock.unlock();
                }
                wakeNextWriter(log);
            } else {
                if (waitStart == 0) {
                    waitStart = System.nanoTime();
                }
                LockSupport.parkNanos(log.lock, PARK_NANOS); // blocked on the lock, as a waiter would be
            }
        }
        if (waitStart != 0) {
            long end = p.enrolled != null ? p.writtenAt : System.nanoTime(); // an enrolled one slept on to the flush
            telemetry.lockWaited(t.path(), Math.max(1, end - waitStart));
        }
        if (p.state == Pending.FAILED) {
            if (p.failure instanceof IOException e) {
                throw e;
            }
            throw (RuntimeException) p.failure;
        }
    }

    /** After releasing the log's lock: wakes the writer of the batches queued during this write, if any. */
    private static void wakeNextWriter(Log log) {
        Pending next = log.queue.peek();
        if (next != null) {
            LockSupport.unpark(next.thread);
        }
    }

    /**
     * Under the lock: writes as {@link #writeQueued} does; then, if the caller ({@code mine}) is durable, also the
     * batches queued while it wrote, a few rounds at most. Their callers would otherwise be woken one by one to
     * write their own (a context switch each, 0.26 per record with 16 durable appenders), while this caller waits
     * for a flush anyway.
     */
    private void writeRounds(VPath vpath, Target t, Pending own, Pending mine) {
        writeQueued(vpath, t, own, mine);
        for (int round = 1; mine.durable && round < MAX_ROUNDS && !t.log().queue.isEmpty(); round++) {
            writeQueued(vpath, t, null, mine);
        }
    }

    /**
     * Under the lock: takes {@code own} (the caller's batch, not queued; or null) and every queued batch (up to a
     * bound), and writes them with one positioned write. {@code mine} is the caller's batch.
     */
    private void writeQueued(VPath vpath, Target t, Pending own, Pending mine) {
        Log log = t.log();
        Pending first = own != null ? own : taken(log, log.queue.poll());
        if (first == null) {
            return;
        }
        List<Pending> more = null; // a lone batch (the usual case) is written without a list or a copy
        int total = first.bytes.length;
        int durables = first.durable ? 1 : 0;
        for (Pending q; (q = log.queue.peek()) != null; ) {
            if (total + q.bytes.length > MAX_JOINED_BYTES) {
                break;
            }
            taken(log, log.queue.poll());
            if (more == null) {
                more = new java.util.ArrayList<>();
            }
            more.add(q);
            total += q.bytes.length;
            durables += q.durable ? 1 : 0;
        }
        int state = Pending.STALE;
        LogHandle h = null;
        long sequence = 0;
        Exception failure = null;
        try {
            if (!log.evicted) {
                h = locked(log, vpath, t.dir(), t.path(), t.fastCheck(), true);
            }
            if (h != null) {
                ByteBuffer buf;
                if (more == null) {
                    buf = ByteBuffer.wrap(first.bytes);
                } else {
                    buf = ByteBuffer.allocate(total);
                    buf.put(first.bytes);
                    for (Pending q : more) {
                        buf.put(q.bytes);
                    }
                    buf.flip();
                }
                sequence = h.append(buf);
                if (durables > 0) {
                    h.pin(durables); // open until each durable caller's flush
                }
                state = Pending.WRITTEN;
                if (h.releaseAfterWrite()) {
                    releaseQuietly(h); // the waiting process writes while this one's callers flush
                }
            }
        } catch (IOException | RuntimeException e) {
            failure = e;
            state = Pending.FAILED;
        }
        Thread self = Thread.currentThread();
        // Other durable callers sleep on until the flush that covers them, when this thread is durable and written
        // through the same descriptor: it then waits for a flush covering this write too (its sequence is raised to
        // this one's), and leads one if none runs.
        GroupCommit enrolling = null;
        long writtenAt = 0;
        if ((more != null || first != mine) && state == Pending.WRITTEN && mine.durable
                && (mine.state == Pending.WRITTEN && mine.handle == h || among(mine, first, more))) {
            enrolling = h.flushes;
            mine.sequence = sequence;
            writtenAt = System.nanoTime();
        }
        complete(first, h, sequence, failure, state, self, enrolling, writtenAt);
        if (more != null) {
            for (Pending q : more) {
                complete(q, h, sequence, failure, state, self, enrolling, writtenAt);
            }
        }
    }

    /** A batch taken from the queue to be written: a handed-over one's appender counts as announced again. */
    private static Pending taken(Log log, Pending q) {
        if (q != null && q.handedOver) {
            log.appenders.incrementAndGet(); // before its write enrolls it: the leader's count never double-counts
            q.handedOver = false;
        }
        return q;
    }

    /**
     * Run by the flush leader {@code mine} once its gathering ended, just before its flush: if batches were handed over
     * to it, writes them (with any other batch queued by then) in one write under the lock, enrolling their durable
     * callers in this flush. If another writer holds the lock, that writer writes the queue (it takes every queued
     * batch). One write, not {@link #writeRounds}: a batch that arrives after the gathering is written by its caller.
     */
    private void writeHandedOver(VPath vpath, Target t, Pending mine) {
        Log log = t.log();
        if (!handedOverQueued(log) || !log.lock.tryLock()) {
            return;
        }
        try {
            writeQueued(vpath, t, null, mine);
        } finally {
            log.lock.unlock();
        }
        wakeNextWriter(log);
    }

    private static boolean handedOverQueued(Log log) {
        for (Pending q : log.queue) {
            if (q.handedOver) {
                return true;
            }
        }
        return false;
    }

    private static boolean among(Pending mine, Pending first, List<Pending> more) {
        return first == mine || more != null && more.contains(mine);
    }

    private static void complete(Pending q, LogHandle h, long sequence, Exception failure, int state, Thread self,
                                 GroupCommit enrolling, long writtenAt) {
        q.handle = h;
        q.sequence = sequence;
        q.failure = failure;
        if (q.thread == self) {
            q.state = state;
            return;
        }
        if (enrolling != null && q.durable) {
            q.enrolled = enrolling.enroll(q.thread, sequence);
            q.writtenAt = writtenAt;
            q.state = state; // published after enrolled: the thread, once it sees WRITTEN, waits as enrolled
            enrolling.wakeIfCovered(q.enrolled);
            return;
        }
        q.state = state;
        LockSupport.unpark(q.thread);
    }

    /**
     * The route of the last append to {@code vpath}, if its descriptor is open: checked under the lock by one
     * {@code lstat} of the plain path (the kernel follows every component, pointers included) against the
     * descriptor's file identity. A match means the path leads to the very file this instance resolved and opened
     * safely before — whatever links lie on the way now, the write goes to that file — so the per-component walk
     * is skipped. Any mismatch (a switch, a replaced file or directory, a new link) takes the full walk.
     */
    private Target cachedTarget(VPath vpath, boolean durable) {
        Target route = routes.get(vpath);
        Log log = route == null ? null : route.log();
        LogHandle h = log == null ? null : log.handle; // null once evicted or retired: resolve in full
        if (h == null || h.fileKey == null || durable && !log.ancestorsDurable) {
            return null; // (a first durable append walks in full once, making the directories on the way durable)
        }
        return route;
    }

    private Target resolvedTarget(VPath vpath, boolean durable) throws IOException {
        Path dir = resolver.ensureDirectory(vpath.parent(), durable);
        Path path = dir.resolve(vpath.name());
        Log log = logs.computeIfAbsent(path, p -> new Log(pathLocks.lockFor(p)));
        if (durable) {
            log.ancestorsDurable = true;
        }
        routes.put(vpath, new Target(log, dir, path, disk.root().resolve(vpath.toString())));
        return new Target(log, dir, path, null);
    }

    /** Closes descriptors of idle logs so an instance appending to many logs keeps few files open. */
    private void evict() throws IOException {
        var it = logs.entrySet().iterator();
        while (it.hasNext() && logs.size() > MAX_OPEN_LOGS * 3 / 4) {
            Log log = it.next().getValue();
            if (log.appenders.get() > 0 || !log.queue.isEmpty() || !log.lock.tryLock()) {
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
        routes.values().removeIf(r -> logs.get(r.path()) != r.log());
    }

    /** Whether the flush group of every open log is idle: no waiter left behind once appends returned (tests). */
    boolean flushGroupsIdle() {
        for (Log log : logs.values()) {
            LogHandle h = log.handle;
            if (h != null && !h.flushes.idle()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Counts {@code delta} more durable appenders of the open log {@code vpath} as on their way, and returns its flush
     * group (a seam for tests: a flush leader gathers while an announced appender has not arrived).
     */
    GroupCommit announce(VPath vpath, int delta) {
        Log log = routes.get(vpath).log();
        log.appenders.addAndGet(delta);
        GroupCommit group = log.handle.flushes;
        group.poke();
        return group;
    }

    /** How many route hints are kept (a seam for tests: at most one per open log once logs are evicted). */
    int routeHints() {
        return routes.size();
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
        Log log;
        LogHandle h = null;
        long removed = 0;
        long sequence = 0;
        do {
            log = logs.computeIfAbsent(path, p -> new Log(pathLocks.lockFor(p)));
            long waited = telemetry.lock(log.lock); // a wait is reported (JFR, metrics) once released
            try {
                if (!log.evicted) {
                    h = locked(log, vpath, r.parent(), path, null, false);
                    removed = h.repair();
                    sequence = h.flushes.register();
                    h.pin(1);
                }
            } finally {
                log.lock.unlock();
                telemetry.lockWaited(path, waited);
            }
        } while (h == null);
        try {
            if (durable && removed > 0) {
                publisher.awaitFile(h.flushes, sequence, null, h.file, null, vpath.toString(), path);
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
    private LogHandle current(Log log, VPath vpath, Path dir, Path path, boolean create) throws IOException {
        if (log.handle != null) {
            return log.handle;
        }
        DiskStat st = disk.stat(path);
        if (st == null && create) {
            // Under the directory lock so that a no-replace rename in another process cannot clobber the new log.
            try (FileLocks.Held ignored = fileLocks.directory(dir)) {
                try {
                    DiskFile f = disk.createNew(path);
                    log.handle = new LogHandle(f, fileKey(path), log.lock, log.appenders, telemetry, path);
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
        log.handle = new LogHandle(f, st.fileKey(), log.lock, log.appenders, telemetry, path);
        return log.handle;
    }

    /**
     * Under the log's JVM-wide lock: a descriptor of the file the path names now, with its {@code FileLock} held
     * ({@link BurstLocks}). The path is checked each time the lock is taken, and while it stays held only after a
     * name changed in this JVM; a replaced or removed log is reopened or, with {@code create}, recreated. Returns
     * {@code null} if the cached route {@code fastCheck} no longer leads to the open file.
     */
    private LogHandle locked(Log log, VPath vpath, Path dir, Path path, Path fastCheck, boolean create)
            throws IOException {
        for (int attempt = 0; ; attempt++) {
            LogHandle h = current(log, vpath, dir, path, create);
            long now = System.nanoTime();
            if (h.turnDue(now)) {
                h.release();
                BurstLocks.pause(BurstLocks.COOLDOWN_NANOS); // the process blocked on the lock gets it first
                now = System.nanoTime();
            }
            long names = BurstLocks.nameChanges();
            if (h.checkedSince(names, now)) {
                return h; // held since the last check, and no name changed in this JVM since
            }
            if (!h.holds() || !h.checkedAfter(names)) {
                // Taken anew: a change of names in this JVM may have closed a descriptor of the file under another
                // name, which drops the process's lock without a word.
                h.release();
                h.acquire(now);
            }
            DiskStat st = disk.stat(fastCheck != null ? fastCheck : path);
            boolean same = st != null && st.isFile()
                    && (h.fileKey == null || Objects.equals(st.fileKey(), h.fileKey));
            if (same) {
                h.checked(names, now);
                return h;
            }
            h.release();
            if (fastCheck != null) {
                return null; // the cached route no longer leads here: the caller resolves in full
            }
            retire(log, h); // the path was replaced or removed: never write to an unlinked file
            if (attempt == 16) {
                throw new VikingFsException(vpath.toString(), "the log's file keeps being replaced by another "
                        + "program; stop whatever rewrites it and retry");
            }
        }
    }

    private Object fileKey(Path path) throws IOException {
        DiskStat st = disk.stat(path);
        return st == null ? null : st.fileKey();
    }

    private void unpin(Log log, LogHandle h) throws IOException {
        if (h.unpin()) {
            closeRetired(log, h);
        }
    }

    /** Under the log's lock: stops using {@code h} (its hold released); closes it unless a flush still needs it. */
    private void retire(Log log, LogHandle h) throws IOException {
        boolean close = h.retire();
        if (log.handle == h) {
            log.handle = null;
        }
        try {
            h.release();
        } finally {
            if (close) {
                closeRetired(log, h);
            }
        }
    }

    /**
     * Gives up the lock after a write that was written whole: a failure here cannot undo the write, and means the
     * descriptor is closed or broken, which drops the lock anyway (its next use fails and says so).
     */
    private static void releaseQuietly(LogHandle h) {
        try {
            h.release();
        } catch (IOException | RuntimeException ignored) {
            // see above: the records are written; the next append through this descriptor reports its state
        }
    }

    /** Closes under the JVM-wide lock: closing any descriptor drops this process's POSIX locks on the file. */
    private static void closeRetired(Log log, LogHandle h) throws IOException {
        log.lock.lock();
        try {
            BurstLocks.yieldHeld(log.lock);
            h.file.close();
        } finally {
            log.lock.unlock();
        }
    }

    /** Closes every descriptor, releasing every held lock (descriptors still in a flush close when it ends). */
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
