package io.vikingfs.local;

import io.vikingfs.VPath;
import io.vikingfs.local.disk.Disk;
import io.vikingfs.local.disk.DiskFile;
import io.vikingfs.local.disk.DiskStat;
import io.vikingfs.local.disk.ForwardingDisk;
import io.vikingfs.local.disk.ForwardingDiskFile;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A disk that stops one caller at a chosen step of a protocol — just before or just after one primitive on a
 * chosen path — until the test releases it: the deterministic way to put a second caller into the window between
 * a protocol's check and its act (as the store audit's held-open request does on S3). A pause fires once, on the
 * first matching call of any thread; the paused thread keeps every lock it holds.
 */
final class PausingDisk extends ForwardingDisk {
    /**
     * The primitives a pause can be set on: the ones that act (publish, cut, write, reclaim, make durable), and the
     * reads of a reader a concurrent change may pull the ground from under (a stat or an open of an entry being
     * retired). {@code SYNC} is a file's flush: a durable appender paused there has left the log's lock but is still
     * inside {@code append}, so its burst's hold counts as in use.
     */
    enum Op { RENAME, LINK, DELETE, WRITE, TRUNCATE, SYNC, SYNC_DIRECTORY, STAT, OPEN_READ }

    /** Whether the caller stops before the primitive runs or after it returned. */
    enum When { BEFORE, AFTER }

    /** One armed pause; {@link #reached} then {@link #release}. */
    static final class Pause {
        private final When when;
        private final Op op;
        private final Predicate<Path> path;
        private final CountDownLatch reached = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private volatile boolean armed = true;

        private Pause(When when, Op op, Predicate<Path> path) {
            this.when = when;
            this.op = op;
            this.path = path;
        }

        /** Whether a caller is held at the step, waiting up to {@code millis} for one. */
        boolean reached(long millis) throws InterruptedException {
            return reached.await(millis, TimeUnit.MILLISECONDS);
        }

        /** Lets the held caller continue (or, if none arrived yet, the pause never holds anyone). */
        void release() {
            armed = false;
            released.countDown();
        }

        private void hold(When at, Op kind, Path p) throws InterruptedIOException {
            if (at != when || kind != op || !armed || !path.test(p)) {
                return;
            }
            synchronized (this) {
                if (!armed) {
                    return;
                }
                armed = false;
            }
            reached.countDown();
            try {
                if (!released.await(60, TimeUnit.SECONDS)) {
                    throw new InterruptedIOException("paused at " + this + " for 60 s and never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while paused at " + this);
            }
        }

        @Override
        public String toString() {
            return when + " " + op;
        }
    }

    private volatile Pause pause;

    PausingDisk(Disk delegate) {
        super(delegate);
    }

    /** Arms a pause {@code when} the primitive {@code op} runs on a path {@code path} accepts. */
    Pause pause(When when, Op op, Predicate<Path> path) {
        Pause p = new Pause(when, op, path);
        this.pause = p;
        return p;
    }

    /** A durable append running on another thread, held at its file's flush until {@code flush} is released. */
    record HeldAppend(Pause flush, CompletableFuture<Void> append) {
    }

    /**
     * Starts a durable append of {@code record} to {@code log} on another thread and returns once it is held just
     * before its file's flush ({@link Op#SYNC} of a file named as the log): it has written and left the log's lock,
     * but is still inside {@code append} — its burst's hold counts as in use, so the idle release keeps it.
     */
    HeldAppend durableAppendHeldAtFlush(LocalVikingFs fs, VPath log, String record) throws InterruptedException {
        Pause flush = pause(When.BEFORE, Op.SYNC, named(log.name()));
        CompletableFuture<Void> append = CompletableFuture.runAsync(() -> {
            try {
                fs.append(log, record, true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        if (!flush.reached(30_000)) {
            flush.release();
            Throwable failed = append.handle((ok, e) -> e).getNow(null);
            throw new AssertionError("the durable append to " + log + " did not reach its flush within 30 s"
                    + (failed != null ? ": it failed" : append.isDone() ? ": it returned without a flush" : ""), failed);
        }
        return new HeldAppend(flush, append);
    }

    /** A path whose last name is {@code name}. */
    static Predicate<Path> named(String name) {
        return p -> p.getFileName() != null && p.getFileName().toString().equals(name);
    }

    /** A path with a component starting with {@code prefix}. */
    static Predicate<Path> under(String prefix) {
        return p -> {
            for (Path part : p) {
                if (part.toString().startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        };
    }

    private void at(When when, Op op, Path path) throws InterruptedIOException {
        Pause p = pause;
        if (p != null) {
            p.hold(when, op, path);
        }
    }

    /** A disk call that may pause before it runs and after it returned. */
    private interface Call<T> {
        T run() throws IOException;
    }

    private <T> T around(Op op, Path path, Call<T> call) throws IOException {
        at(When.BEFORE, op, path);
        T result = call.run();
        at(When.AFTER, op, path);
        return result;
    }

    @Override
    protected DiskFile wrap(DiskFile file) {
        return new ForwardingDiskFile(file) {
            @Override
            public void write(ByteBuffer src, long position) throws IOException {
                around(Op.WRITE, path(), () -> {
                    super.write(src, position);
                    return null;
                });
            }

            @Override
            public void truncate(long size) throws IOException {
                around(Op.TRUNCATE, path(), () -> {
                    super.truncate(size);
                    return null;
                });
            }

            @Override
            public void sync() throws IOException {
                around(Op.SYNC, path(), () -> {
                    super.sync();
                    return null;
                });
            }
        };
    }

    @Override
    public void rename(Path src, Path dst) throws IOException {
        around(Op.RENAME, dst, () -> {
            super.rename(src, dst);
            return null;
        });
    }

    @Override
    public void link(Path existing, Path link) throws IOException {
        around(Op.LINK, link, () -> {
            super.link(existing, link);
            return null;
        });
    }

    @Override
    public void delete(Path path) throws IOException {
        around(Op.DELETE, path, () -> {
            super.delete(path);
            return null;
        });
    }

    @Override
    public DiskStat stat(Path path) throws IOException {
        return around(Op.STAT, path, () -> super.stat(path));
    }

    @Override
    public DiskFile openRead(Path path) throws IOException {
        return around(Op.OPEN_READ, path, () -> super.openRead(path));
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
        around(Op.SYNC_DIRECTORY, dir, () -> {
            super.syncDirectory(dir);
            return null;
        });
    }
}
