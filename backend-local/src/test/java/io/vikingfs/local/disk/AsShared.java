package io.vikingfs.local.disk;

/**
 * A disk that says other processes may share it ({@link Disk#inMemory} false), whatever it is: on Jimfs the
 * protocols then take the cross-process locks a real disk gets (lock files, {@code FileLock}s, identity checks),
 * so that tests can inject failures into those paths and count their calls in memory.
 */
public final class AsShared extends ForwardingDisk {
    public AsShared(Disk delegate) {
        super(delegate);
    }

    @Override
    public boolean inMemory() {
        return false;
    }
}
