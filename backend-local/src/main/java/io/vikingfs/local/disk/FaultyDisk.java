package io.vikingfs.local.disk;


import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Fault injection as data, after Pebble's errorfs: every call of the disk is an {@link Op} (kind, path), every
 * {@link OpKind} is tagged read or write, and an {@link Injector} decides from the op (and its index) whether it
 * fails. A failing {@link OpKind#FILE_WRITE} may first write a prefix of its bytes (a short write).
 *
 * <p>Public for the stores that offer fault injection to their users (the memory backend's {@code Faults}) and for
 * tests of the protocols' error handling. An injected failure is thrown before the operation reaches the disk below
 * (a short write's prefix excepted), so the disk below sees exactly what a failing device would have done.
 */
public final class FaultyDisk extends ForwardingDisk {
    /** The kinds of disk operations, each tagged as reading or writing. */
    public enum OpKind {
        STAT(false), LIST(false), OPEN_READ(false), CREATE(true), OPEN_WRITE(false), MKDIR(true), SYNC_DIR(true),
        RENAME(true), LINK(true), DELETE(true), SYMLINK(true), READ_SYMLINK(false), FILE_READ(false),
        FILE_WRITE(true), FILE_TRUNCATE(true), FILE_SYNC(true), FILE_LOCK(false);

        private final boolean writes;

        OpKind(boolean writes) {
            this.writes = writes;
        }

        /** Whether the operation changes what the disk holds. */
        public boolean writes() {
            return writes;
        }
    }

    /**
     * One call: its kind, the path it concerns, its index among all calls of the disk (from 1) and, for a
     * {@link OpKind#FILE_WRITE}, how many bytes it writes (0 otherwise).
     */
    public record Op(OpKind kind, Path path, long index, int length) {
    }

    /**
     * Decides whether an op fails: returns the error to throw, or null. For a {@link OpKind#FILE_WRITE}, a
     * {@link ShortWrite} lands its first bytes before failing.
     */
    public interface Injector {
        IOException fault(Op op);

        /** Fails exactly the op with this index. */
        static Injector onIndex(long index, Injector then) {
            return op -> op.index() == index ? then.fault(op) : null;
        }

        /** Fails the ops {@code which} accepts. */
        static Injector when(Predicate<Op> which, Injector then) {
            return op -> which.test(op) ? then.fault(op) : null;
        }

        /** Fails while the switch is on. */
        static Injector toggle(java.util.concurrent.atomic.AtomicBoolean on, Injector then) {
            return op -> on.get() ? then.fault(op) : null;
        }

        static Injector error(String message) {
            return op -> new IOException(message + " (injected at " + op + ")");
        }
    }

    /** An injected failure of a write that first landed {@code landed} bytes. */
    public static final class ShortWrite extends IOException {
        private static final long serialVersionUID = 1L;
        private final int landed;

        public ShortWrite(int landed, String message) {
            super(message);
            this.landed = landed;
        }
    }

    private final AtomicLong count = new AtomicLong();
    private volatile Injector injector = op -> null;

    public FaultyDisk(Disk delegate) {
        super(delegate);
    }

    /** From now on, every operation asks {@code injector} whether it fails. */
    public void inject(Injector injector) {
        this.injector = injector;
    }

    /** How many ops ran so far. */
    public long ops() {
        return count.get();
    }

    private void check(OpKind kind, Path path) throws IOException {
        IOException e = injector.fault(new Op(kind, path, count.incrementAndGet(), 0));
        if (e != null) {
            throw e;
        }
    }

    @Override
    protected DiskFile wrap(DiskFile file) {
        return new ForwardingDiskFile(file) {
            @Override
            public int read(ByteBuffer dst, long position) throws IOException {
                check(OpKind.FILE_READ, path());
                return super.read(dst, position);
            }

            @Override
            public void write(ByteBuffer src, long position) throws IOException {
                IOException e = injector.fault(new Op(OpKind.FILE_WRITE, path(), count.incrementAndGet(), src.remaining()));
                if (e instanceof ShortWrite sw) {
                    ByteBuffer part = src.duplicate();
                    part.limit(part.position() + Math.min(sw.landed, part.remaining()));
                    super.write(part, position);
                }
                if (e != null) {
                    throw e;
                }
                super.write(src, position);
            }

            @Override
            public void truncate(long size) throws IOException {
                check(OpKind.FILE_TRUNCATE, path());
                super.truncate(size);
            }

            @Override
            public void sync() throws IOException {
                check(OpKind.FILE_SYNC, path());
                super.sync();
            }

            @Override
            public DiskLock lock() throws IOException {
                check(OpKind.FILE_LOCK, path());
                return super.lock();
            }
        };
    }

    @Override
    public DiskStat stat(Path path) throws IOException {
        check(OpKind.STAT, path);
        return super.stat(path);
    }

    @Override
    public List<String> list(Path dir) throws IOException {
        check(OpKind.LIST, dir);
        return super.list(dir);
    }

    @Override
    public DiskFile openRead(Path path) throws IOException {
        check(OpKind.OPEN_READ, path);
        return super.openRead(path);
    }

    @Override
    public DiskFile createNew(Path path) throws IOException {
        check(OpKind.CREATE, path);
        return super.createNew(path);
    }

    @Override
    public DiskFile openWrite(Path path) throws IOException {
        check(OpKind.OPEN_WRITE, path);
        return super.openWrite(path);
    }

    @Override
    public void createDirectory(Path dir) throws IOException {
        check(OpKind.MKDIR, dir);
        super.createDirectory(dir);
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
        check(OpKind.SYNC_DIR, dir);
        super.syncDirectory(dir);
    }

    @Override
    public void rename(Path src, Path dst) throws IOException {
        check(OpKind.RENAME, dst);
        super.rename(src, dst);
    }

    @Override
    public void link(Path existing, Path link) throws IOException {
        check(OpKind.LINK, link);
        super.link(existing, link);
    }

    @Override
    public void delete(Path path) throws IOException {
        check(OpKind.DELETE, path);
        super.delete(path);
    }

    @Override
    public void createSymlink(Path link, String target) throws IOException {
        check(OpKind.SYMLINK, link);
        super.createSymlink(link, target);
    }

    @Override
    public String readSymlink(Path link) throws IOException {
        check(OpKind.READ_SYMLINK, link);
        return super.readSymlink(link);
    }
}
