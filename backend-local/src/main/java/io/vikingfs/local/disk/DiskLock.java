package io.vikingfs.local.disk;

import java.io.IOException;

/** A held {@link DiskFile#lock()}; closing releases it. */
public interface DiskLock extends AutoCloseable {
    @Override
    void close() throws IOException;

    /**
     * Whether another process is blocked in {@link DiskFile#lock()} waiting for this lock right now (a waiter
     * announces itself while it waits). A holder that keeps a lock across many operations asks this to know when
     * it must give another process a turn, instead of pausing on a timer whether anyone waits or not. A lock no other
     * process can wait for (a file of an in-process file system) answers {@code false}.
     */
    default boolean waitedFor() throws IOException {
        return false;
    }

    /**
     * Whether taking this lock had to wait for another process that held it. A holder that keeps a lock across many
     * operations learns from it, as from {@link #waitedFor()}, that it shares the file with a process that writes
     * too. A lock no other process can hold answers {@code false}.
     */
    default boolean contended() {
        return false;
    }
}
