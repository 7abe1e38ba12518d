package io.vikingfs.memory;

import io.vikingfs.local.disk.Disk;
import io.vikingfs.local.disk.DiskFile;
import io.vikingfs.local.disk.DiskStat;
import io.vikingfs.local.disk.ForwardingDisk;
import io.vikingfs.local.disk.ForwardingDiskFile;
import io.vikingfs.local.disk.NioDisk;
import io.vikingfs.memory.PowerLossModel.DataOp;
import io.vikingfs.memory.PowerLossModel.Edit;
import io.vikingfs.memory.PowerLossModel.Kind;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A {@link Disk} over Jimfs that records every mutation and sync in a {@link PowerLossModel}, so that any
 * instant can be turned into the states a power loss may leave. The tree (names, kinds, links, file keys) is
 * Jimfs's: each change of it is forwarded first and recorded only if it succeeded, both under one lock so the
 * model's order is the disk's order. A file's bytes are the model's alone: writes, reads, sizes and truncations of
 * a file the model knows go to its live content and never to Jimfs, where the file keeps what it held when the
 * model first saw it (nothing, if made through this disk) and is never read again. The model must hold every
 * write's bytes for the crash states anyway; Jimfs holding a second copy made an in-memory atomicWrite copy its
 * content twice. Jimfs's own {@code force()} does nothing; durability exists only
 * in the model.
 *
 * <p>A listener, if set, sees a {@link Snapshot} after every primitive step: the explorer's crash points.
 */
final class CrashableDisk extends ForwardingDisk {
    /**
     * Also the lock: every mutation is forwarded and recorded under the model's own monitor, which its methods
     * assume held (one lock acquisition per step instead of two).
     */
    private final PowerLossModel model;
    private volatile Consumer<Snapshot> listener;

    CrashableDisk(Disk delegate) throws IOException {
        super(delegate);
        this.model = new PowerLossModel(delegate.root());
    }

    /** With a model that sweeps unreachable nodes at {@code 2 x live + sweepSlack} nodes (tests sweep often). */
    CrashableDisk(Disk delegate, int sweepSlack) throws IOException {
        super(delegate);
        this.model = new PowerLossModel(delegate.root(), sweepSlack);
    }

    /** How many nodes the model holds. */
    int modelNodes() {
        return model.nodeCount();
    }

    /** How many answers of path lookups the model remembers. */
    int modelPaths() {
        synchronized (model) {
            return model.paths.size();
        }
    }

    /** Sees a snapshot after every primitive step, in the thread that made it; {@code null} to stop. */
    void onStep(Consumer<Snapshot> listener) {
        this.listener = listener;
    }

    /** The model at this instant. */
    Snapshot snapshot() {
        synchronized (model) {
            return model.snapshot("now");
        }
    }

    /** Hands a crash point to the listener, if any; the description is only built then. */
    private void stepped(Supplier<String> description) {
        Consumer<Snapshot> l = listener;
        if (l != null) {
            l.accept(model.snapshot(description.get()));
        }
    }

    /** Jimfs's answer, with a file's size and modification time from the model's content of it. */
    @Override
    public DiskStat stat(Path path) throws IOException {
        DiskStat s = delegate().stat(path);
        if (s == null || !s.isFile()) {
            return s;
        }
        synchronized (model) {
            PowerLossModel.Node n = model.fileNode(NioDisk.fileSystemKey(s.fileKey()));
            return n == null ? s : new DiskStat(DiskStat.Kind.FILE, n.current.length(), s.fileKey(),
                    n.modifiedNanos != 0 ? n.modifiedNanos : s.modifiedNanos());
        }
    }

    @Override
    public DiskFile createNew(Path path) throws IOException {
        synchronized (model) {
            DiskFile f = delegate().createNew(path);
            Object node = model.created(Kind.FILE, path, null);
            stepped(() -> "create " + model.rel(path));
            return new RecordingFile(f, node, true);
        }
    }

    @Override
    public DiskFile openWrite(Path path) throws IOException {
        DiskFile f = delegate().openWrite(path);
        return new RecordingFile(f, PowerLossModel.key(path, false), true);
    }

    /**
     * Recorded too: fsync(2) through a descriptor opened for reading makes the file's data durable (syncing a
     * staged tree does so), and a model that ignored it would lose data the real disk keeps.
     */
    @Override
    public DiskFile openRead(Path path) throws IOException {
        DiskFile f = delegate().openRead(path);
        return new RecordingFile(f, PowerLossModel.key(path, false), false);
    }

    @Override
    public void createDirectory(Path dir) throws IOException {
        synchronized (model) {
            delegate().createDirectory(dir);
            model.created(Kind.DIRECTORY, dir, null);
            stepped(() -> "mkdir " + model.rel(dir));
        }
    }

    @Override
    public void createSymlink(Path link, String target) throws IOException {
        synchronized (model) {
            delegate().createSymlink(link, target);
            model.created(Kind.SYMLINK, link, target);
            stepped(() -> "symlink " + model.rel(link) + " -> " + target);
        }
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
        synchronized (model) {
            delegate().syncDirectory(dir);
            model.syncDirectory(model.paths.key(dir, true));
            stepped(() -> "sync dir " + model.rel(dir));
        }
    }

    @Override
    public void rename(Path src, Path dst) throws IOException {
        synchronized (model) {
            Edit from = model.paths.entry(src, null);
            Object node = model.paths.key(src, false);
            Edit to = model.paths.entry(dst, node);
            refuseKindChange(src, node, dst, to);
            // Moving a directory or a link, or replacing one, changes where paths below or through it lead.
            boolean reshapes = !model.isFile(node) || !model.namesAFileOrNothing(to);
            delegate().rename(src, dst);
            if (reshapes) {
                model.paths.forgetAll();
            } else {
                model.paths.unnamed(src);
                model.paths.named(dst, node);
            }
            Supplier<String> what = () -> "rename " + model.rel(src) + " -> " + model.rel(dst);
            model.edit(what, List.of(from, to));
            stepped(what);
        }
    }

    /**
     * Refuses, as rename(2) does, to move {@code node} from {@code src} over a {@code dst} of another kind (a file
     * over a directory, a directory over a non-directory). Decided from the model's kinds, under its lock, so
     * atomically with the rename: the Jimfs disk below leaves it to this layer
     * ({@link NioDisk#leavingKindChecksToCaller}), as its own two stats cost 7 % of an in-memory atomicWrite. Where
     * the model does not know a node, the disk is asked.
     */
    private void refuseKindChange(Path src, Object node, Path dst, Edit to) throws IOException {
        Kind moved = model.kind(node);
        Object named = model.named(to);
        if (moved == null || named == null || named != PowerLossModel.NOTHING && model.kind(named) == null) {
            NioDisk.refuseKindChange(delegate(), src, dst);
            return;
        }
        assert sameKinds(src, moved, dst, named) : "the crash model's kinds of " + src + " and " + dst
                + " are not the disk's: a change of the tree was not reported to it";
        if (named != PowerLossModel.NOTHING) {
            NioDisk.refuseKindChange(src, moved == Kind.DIRECTORY, dst, model.kind(named) == Kind.DIRECTORY);
        }
    }

    /** Whether the model's kinds of {@code src} and of what {@code dst} names are what the disk says. */
    private boolean sameKinds(Path src, Kind moved, Path dst, Object named) throws IOException {
        DiskStat s = delegate().stat(src);
        DiskStat d = delegate().stat(dst);
        return s != null && s.isDirectory() == (moved == Kind.DIRECTORY)
                && (named == PowerLossModel.NOTHING ? d == null
                : d != null && d.isDirectory() == (model.kind(named) == Kind.DIRECTORY));
    }

    @Override
    public void link(Path existing, Path link) throws IOException {
        synchronized (model) {
            Object node = model.paths.key(existing, false);
            Edit to = model.paths.entry(link, node);
            delegate().link(existing, link);
            model.paths.named(link, node);
            Supplier<String> what = () -> "link " + model.rel(link) + " = " + model.rel(existing);
            model.edit(what, List.of(to));
            stepped(what);
        }
    }

    @Override
    public void delete(Path path) throws IOException {
        synchronized (model) {
            Edit gone = model.paths.entry(path, null);
            boolean reshapes = !model.namesAFileOrNothing(gone); // a directory or a link: paths below or through it
            delegate().delete(path);
            if (reshapes) {
                model.paths.forgetAll();
            } else {
                model.paths.unnamed(path);
            }
            Supplier<String> what = () -> "delete " + model.rel(path);
            model.edit(what, List.of(gone));
            stepped(what);
        }
    }

    /**
     * Records the data steps of one open file, keyed by the node it was opened on (renames don't matter), and
     * serves its bytes from the model. The model keeps that node while the handle is open.
     */
    private final class RecordingFile extends ForwardingDiskFile {
        private final Object node;
        /**
         * The model's node for {@code node}, looked up once; null if the model does not know the file (one made
         * under the API, as a test plants a foreign file): then its bytes are Jimfs's and every call is forwarded.
         */
        private final PowerLossModel.Node modelled;
        private final Path path;
        private final boolean writable;
        private boolean closed;

        RecordingFile(DiskFile delegate, Object node, boolean writable) {
            super(delegate);
            this.node = node;
            this.path = delegate.path();
            this.writable = writable;
            synchronized (model) {
                model.opened(node);
                this.modelled = model.fileNode(node);
            }
        }

        /** Refuses what Jimfs's channel would have refused: a closed handle, a write through one opened to read. */
        private void check(boolean writing) throws IOException {
            if (closed) {
                throw new ClosedChannelException();
            }
            if (writing && !writable) {
                throw new NonWritableChannelException();
            }
        }

        @Override
        public long size() throws IOException {
            if (modelled == null) {
                return super.size();
            }
            synchronized (model) {
                check(false);
                return modelled.current.length();
            }
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            if (modelled == null) {
                return super.read(dst, position);
            }
            FileContent content;
            synchronized (model) {
                check(false);
                content = modelled.current;
            }
            return content.read(dst, position); // an immutable value: copied outside the lock
        }

        @Override
        public void write(ByteBuffer src, long position) throws IOException {
            int from = src.position();
            int length = src.remaining();
            synchronized (model) {
                if (modelled == null) {
                    super.write(src, position);
                } else {
                    check(true);
                    checkPosition(position, length);
                    src.position(from + length); // consumed, as the channel's write would have
                }
                Supplier<String> what = described(position, length);
                model.written(node, modelled, position, src, from, length, what); // read where the write read
                stepped(what);
            }
        }

        /** As {@link #write}, with no copy: the step holds {@code bytes}, a new file's content is them. */
        @Override
        public void writeImmutable(byte[] bytes, long position) throws IOException {
            synchronized (model) {
                if (modelled == null) {
                    delegate().writeImmutable(bytes, position);
                } else {
                    check(true);
                    checkPosition(position, bytes.length);
                }
                Supplier<String> what = described(position, bytes.length);
                model.data(node, modelled, new DataOp(position, bytes), what);
                stepped(what);
            }
        }

        private Supplier<String> described(long position, int length) {
            return () -> "write " + model.rel(path) + " @" + position + " +" + length;
        }

        @Override
        public void truncate(long size) throws IOException {
            synchronized (model) {
                if (modelled == null) {
                    super.truncate(size);
                } else {
                    check(true);
                    checkPosition(size, 0);
                }
                Supplier<String> what = () -> "truncate " + model.rel(path) + " to " + size;
                model.data(node, modelled, new DataOp(size, null), what);
                stepped(what);
            }
        }

        @Override
        public void sync() throws IOException {
            synchronized (model) {
                if (modelled == null) {
                    super.sync();
                } else {
                    check(false);
                }
                model.syncFile(node, modelled);
                if (listener != null) {
                    stepped(() -> "sync " + model.rel(path));
                }
            }
        }

        @Override
        public void close() throws IOException {
            synchronized (model) {
                if (!closed) {
                    closed = true;
                    model.closed(node);
                }
            }
            super.close();
        }
    }

    /**
     * Refuses a position a file channel refuses, and an end past what the model's content (one array's worth) can
     * hold: {@code length} bytes are written at {@code position}.
     */
    private static void checkPosition(long position, int length) {
        if (position < 0 || position + length > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("position " + position + " (+" + length + " bytes) is outside 0.."
                    + Integer.MAX_VALUE + ": a file of the memory store holds at most 2 GiB");
        }
    }
}
