package io.vikingfs;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The base of every decorator (logging, metrics, fault injection): forwards each operation to a delegate. Override
 * what you need; everything else reaches the delegate, including {@link #append}, which is forwarded explicitly so
 * a decorator can never be bypassed by a default method.
 */
public abstract class ForwardingVikingFs implements VikingFs {
    private final VikingFs delegate;

    protected ForwardingVikingFs(VikingFs delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The store this one forwards to. */
    public VikingFs delegate() {
        return delegate;
    }

    @Override
    public URI uri() {
        return delegate.uri();
    }

    @Override
    public Capabilities capabilities() {
        return delegate.capabilities();
    }

    @Override
    public byte[] read(VPath path) throws IOException {
        return delegate.read(path);
    }

    @Override
    public InputStream newInputStream(VPath path) throws IOException {
        return delegate.newInputStream(path);
    }

    @Override
    public FileStat stat(VPath path) throws IOException {
        return delegate.stat(path);
    }

    @Override
    public boolean exists(VPath path) throws IOException {
        return delegate.exists(path);
    }

    @Override
    public Stream<DirEntry> list(VPath dir) throws IOException {
        return delegate.list(dir);
    }

    @Override
    public Stream<DirEntry> walk(VPath dir) throws IOException {
        return delegate.walk(dir);
    }

    @Override
    public Version atomicWrite(VPath path, byte[] bytes, WriteOptions options) throws IOException {
        return delegate.atomicWrite(path, bytes, options);
    }

    @Override
    public void appendAll(VPath path, List<String> records, boolean durable) throws IOException {
        delegate.appendAll(path, records, durable);
    }

    @Override
    public void append(VPath path, String record, boolean durable) throws IOException {
        appendAll(path, Collections.singletonList(record), durable);
    }

    @Override
    public RecordLog readRecords(VPath path) throws IOException {
        return delegate.readRecords(path);
    }

    @Override
    public long repairLog(VPath path, boolean durable) throws IOException {
        return delegate.repairLog(path, durable);
    }

    @Override
    public void rename(VPath src, VPath dst, RenameOptions options) throws IOException {
        delegate.rename(src, dst, options);
    }

    @Override
    public void delete(VPath path) throws IOException {
        delegate.delete(path);
    }

    @Override
    public boolean deleteIfExists(VPath path) throws IOException {
        return delegate.deleteIfExists(path);
    }

    @Override
    public void deleteRecursively(VPath path) throws IOException {
        delegate.deleteRecursively(path);
    }

    @Override
    public void mkdirs(VPath dir) throws IOException {
        delegate.mkdirs(dir);
    }

    @Override
    public void switchDirectory(VPath staged, VPath live, boolean durable) throws IOException {
        delegate.switchDirectory(staged, live, durable);
    }

    /** Forwards, and commits and aborts the staging through this store, so overrides see them. */
    @Override
    public StagedDirectory stage(VPath live) throws IOException {
        return delegate.stage(live).through(this);
    }

    @Override
    public RecoveryReport recover(boolean apply) throws IOException {
        return delegate.recover(apply);
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
