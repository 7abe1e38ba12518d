package io.vikingfs.local.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The base of every {@link DiskFile} decorator: forwards each call. {@link #writeImmutable} is not forwarded as
 * such: it reaches the delegate through {@link #write}, so a decorator that intercepts writes sees these too.
 */
public abstract class ForwardingDiskFile implements DiskFile {
    private final DiskFile delegate;

    protected ForwardingDiskFile(DiskFile delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    public DiskFile delegate() {
        return delegate;
    }

    @Override
    public Path path() {
        return delegate.path();
    }

    @Override
    public long size() throws IOException {
        return delegate.size();
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return delegate.read(dst, position);
    }

    @Override
    public void write(ByteBuffer src, long position) throws IOException {
        delegate.write(src, position);
    }

    @Override
    public void truncate(long size) throws IOException {
        delegate.truncate(size);
    }

    @Override
    public void sync() throws IOException {
        delegate.sync();
    }

    @Override
    public DiskLock lock() throws IOException {
        return delegate.lock();
    }

    @Override
    public DiskLock tryLock() throws IOException {
        return delegate.tryLock();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
