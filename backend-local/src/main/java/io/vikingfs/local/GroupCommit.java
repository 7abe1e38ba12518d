package io.vikingfs.local;

import java.io.IOException;
import java.io.InterruptedIOException;

/**
 * Shares one flush among every caller that needs it (group commit). A writer {@link #register registers} its
 * change once the change is complete and gets a sequence number; {@link #await} returns once a flush that started
 * after the registration has completed. One caller (the leader) runs the flush while the others wait; every change
 * registered before the flush started is covered by it, so N concurrent waiters cost one or two flushes, not N.
 *
 * <p>No lock is held while flushing: only this object's monitor, briefly, to pick the leader. A failed flush is
 * final (the device may have dropped the dirty data): every present and later {@link #await} throws it.
 */
final class GroupCommit {
    /** One flush. */
    interface Flush {
        void run() throws IOException;
    }

    private long registered;
    private long durable;
    private boolean flushing;
    private IOException failure;

    /** Records a completed change; the returned number is what {@link #await} waits for. */
    synchronized long register() {
        return ++registered;
    }

    /**
     * Returns once every change registered up to {@code sequence} is durable, running {@code flush} if no one else
     * is running one that covers it.
     *
     * @throws IOException the flush failure (this one's or an earlier one's): durability is lost
     */
    void await(long sequence, Flush flush) throws IOException {
        long target;
        synchronized (this) {
            while (true) {
                if (failure != null) {
                    throw failure;
                }
                if (durable >= sequence) {
                    return;
                }
                if (!flushing) {
                    break;
                }
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for a shared flush");
                }
            }
            flushing = true;
            target = registered;
        }
        IOException error = null;
        try {
            flush.run();
        } catch (IOException e) {
            error = e;
        } catch (RuntimeException e) {
            error = new IOException(e.toString(), e);
        } finally {
            synchronized (this) {
                flushing = false;
                if (error == null) {
                    durable = Math.max(durable, target);
                } else {
                    failure = error;
                }
                notifyAll();
            }
        }
        if (error != null) {
            throw error;
        }
    }

    synchronized boolean failed() {
        return failure != null;
    }
}
