package io.vikingfs.local.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The channels of a {@link NioDisk} made by its test constructor: each a real {@link FileChannel} of the default file
 * system that records every {@code force} (which path, with or without metadata) — what a disk must do for a power
 * loss to keep its data, and what no test in one process can otherwise see — and writes at most
 * {@code maxWrite} bytes per positioned write, as a channel may.
 */
final class RecordingChannels implements NioDisk.Channels {
    /** One {@code force(metaData)} on the channel of {@code path}. */
    record Force(Path path, boolean metaData) {
    }

    final List<Force> forces = new CopyOnWriteArrayList<>();
    /** The channel of each {@code force}, in the order of {@link #forces}. */
    final List<FileChannel> forcedBy = new CopyOnWriteArrayList<>();
    final List<FileChannel> opened = new CopyOnWriteArrayList<>();
    private final int maxWrite;

    RecordingChannels(int maxWrite) {
        this.maxWrite = maxWrite;
    }

    @Override
    public FileChannel open(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attributes)
            throws IOException {
        FileChannel channel = new Recording(path, FileChannel.open(path, options, attributes));
        opened.add(channel);
        return channel;
    }

    private final class Recording extends FileChannel {
        private final Path path;
        private final FileChannel delegate;

        Recording(Path path, FileChannel delegate) {
            this.path = path;
            this.delegate = delegate;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            forces.add(new Force(path, metaData));
            forcedBy.add(this);
            delegate.force(metaData);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            if (src.remaining() <= maxWrite) {
                return delegate.write(src, position);
            }
            ByteBuffer part = src.slice().limit(maxWrite);
            int n = delegate.write(part, position);
            src.position(src.position() + n);
            return n;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return delegate.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return delegate.read(dsts, offset, length);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return delegate.write(src);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            return delegate.write(srcs, offset, length);
        }

        @Override
        public long position() throws IOException {
            return delegate.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            delegate.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return delegate.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            delegate.truncate(size);
            return this;
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return delegate.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            return delegate.transferFrom(src, position, count);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return delegate.read(dst, position);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return delegate.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return delegate.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return delegate.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            delegate.close();
        }
    }
}
