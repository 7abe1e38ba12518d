package io.vikingfs.local.disk;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The base of every {@link Disk} decorator (counting, fault injection, crash recording): forwards each call.
 * Override {@link #wrap(DiskFile)} to decorate the files it opens too.
 */
public abstract class ForwardingDisk implements Disk {
    private final Disk delegate;

    protected ForwardingDisk(Disk delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    public Disk delegate() {
        return delegate;
    }

    /** Decorates each file this disk opens; the default returns it unchanged. */
    protected DiskFile wrap(DiskFile file) {
        return file;
    }

    @Override
    public Path root() {
        return delegate.root();
    }

    @Override
    public DiskStat stat(Path path) throws IOException {
        return delegate.stat(path);
    }

    @Override
    public List<String> list(Path dir) throws IOException {
        return delegate.list(dir);
    }

    @Override
    public DirectoryStream<String> names(Path dir) throws IOException {
        return delegate.names(dir);
    }

    @Override
    public DiskFile openRead(Path path) throws IOException {
        return wrap(delegate.openRead(path));
    }

    @Override
    public DiskFile createNew(Path path) throws IOException {
        return wrap(delegate.createNew(path));
    }

    @Override
    public DiskFile openWrite(Path path) throws IOException {
        return wrap(delegate.openWrite(path));
    }

    @Override
    public void createDirectory(Path dir) throws IOException {
        delegate.createDirectory(dir);
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
        delegate.syncDirectory(dir);
    }

    @Override
    public void closeKept() throws IOException {
        delegate.closeKept();
    }

    @Override
    public void rename(Path src, Path dst) throws IOException {
        delegate.rename(src, dst);
    }

    @Override
    public void link(Path existing, Path link) throws IOException {
        delegate.link(existing, link);
    }

    @Override
    public int linkCount(Path path) throws IOException {
        return delegate.linkCount(path);
    }

    @Override
    public boolean inMemory() {
        return delegate.inMemory();
    }

    @Override
    public void delete(Path path) throws IOException {
        delegate.delete(path);
    }

    @Override
    public void createSymlink(Path link, String target) throws IOException {
        delegate.createSymlink(link, target);
    }

    @Override
    public String readSymlink(Path link) throws IOException {
        return delegate.readSymlink(link);
    }
}
