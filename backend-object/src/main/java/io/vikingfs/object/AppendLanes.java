package io.vikingfs.object;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Group commit of appends to one log within this client: callers queue their batch; one of them at a time
 * takes everything queued and stores it as one segment (one create-only PUT), then hands over. Each caller's
 * records stay contiguous and in its own order; a stored segment is all-or-nothing, so every caller in it
 * succeeded or every one gets the error. The lane's monitor is never held during a request: only appenders of
 * the same log wait, for the request they would otherwise race on.
 */
final class AppendLanes {

    /** Stores one group's bytes (the concatenation of the callers' batches). */
    @FunctionalInterface
    interface GroupWriter {
        void write(byte[] group) throws IOException;
    }

    private static final class Pending {
        final byte[] payload;
        boolean done;
        IOException error;

        Pending(byte[] payload) {
            this.payload = payload;
        }
    }

    private static final class Lane {
        final List<Pending> queue = new ArrayList<>();
        boolean leading;
    }

    private final ConcurrentHashMap<String, Lane> lanes = new ConcurrentHashMap<>();

    /**
     * Queues {@code payload} and returns once it is stored (in a group of at most {@code maxGroupBytes}, or alone
     * if it is larger), or throws the error its group got.
     */
    void append(String laneKey, byte[] payload, long maxGroupBytes, GroupWriter writer) throws IOException {
        Lane lane = lanes.computeIfAbsent(laneKey, k -> new Lane());
        Pending me = new Pending(payload);
        synchronized (lane) {
            lane.queue.add(me);
        }
        boolean interrupted = false;
        while (true) {
            List<Pending> group;
            synchronized (lane) {
                while (!me.done && lane.leading) {
                    try {
                        lane.wait();
                    } catch (InterruptedException e) {
                        interrupted = true;
                        if (lane.queue.remove(me)) {
                            Thread.currentThread().interrupt();
                            throw new InterruptedIOException("interrupted before the append was sent; nothing was "
                                    + "appended");
                        }
                        // already taken by a leader: wait for its outcome, which decides what was stored
                    }
                }
                if (me.done) {
                    break;
                }
                lane.leading = true;
                group = takeGroup(lane.queue, maxGroupBytes);
            }
            IOException error = null;
            try {
                writer.write(concat(group));
            } catch (IOException e) {
                error = e;
            } catch (RuntimeException e) {
                error = new IOException("append failed: " + e, e);
            }
            synchronized (lane) {
                for (Pending p : group) {
                    p.done = true;
                    p.error = error;
                }
                lane.leading = false;
                lane.notifyAll();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (me.error != null) {
            throw me.error;
        }
    }

    /** The oldest queued batches that fit in {@code max} bytes together (at least one); the rest wait their turn. */
    private static List<Pending> takeGroup(List<Pending> queue, long max) {
        List<Pending> group = new ArrayList<>();
        long bytes = 0;
        while (!queue.isEmpty() && (group.isEmpty() || bytes + queue.get(0).payload.length <= max)) {
            bytes += queue.get(0).payload.length;
            group.add(queue.remove(0));
        }
        return group;
    }

    private static byte[] concat(List<Pending> group) {
        if (group.size() == 1) {
            return group.get(0).payload;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Pending p : group) {
            out.write(p.payload, 0, p.payload.length);
        }
        return out.toByteArray();
    }
}
