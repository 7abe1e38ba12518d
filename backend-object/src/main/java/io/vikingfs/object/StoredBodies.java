package io.vikingfs.object;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bodies of the log objects (segments and chunks) this client stored lately, by key and the ETag the store
 * gave them: the compaction that folds a log's last {@code fanout} objects — run by the client that claims the
 * position ending them, usually the one that stored them — reads them here instead of fetching each back.
 *
 * <p>A body is used only for a listed object whose ETag is the one its PUT returned: a log object is never
 * overwritten (claimed create-only), so that object holds exactly these bytes; a key deleted and claimed again
 * by another client has another ETag and is fetched. Bounded: bodies over {@link #MAX_BODY} bytes are not kept,
 * and beyond {@link #MAX_TOTAL} bytes all are dropped at once (later folds fetch what they need).
 */
final class StoredBodies {
    static final int MAX_BODY = 64 << 10;
    static final long MAX_TOTAL = 4L << 20;

    private record Body(String etag, byte[] bytes) {
    }

    private final ConcurrentHashMap<String, Body> bodies = new ConcurrentHashMap<>();
    private final AtomicLong total = new AtomicLong();

    /** Keeps {@code bytes}, just stored at {@code key} with {@code etag}, unless too large. */
    void stored(String key, String etag, byte[] bytes) {
        if (etag == null || bytes.length > MAX_BODY) {
            return;
        }
        if (total.addAndGet(bytes.length) > MAX_TOTAL) {
            bodies.clear();
            total.set(bytes.length);
        }
        Body old = bodies.put(key, new Body(etag, bytes));
        if (old != null) {
            total.addAndGet(-old.bytes.length);
        }
    }

    /** The bytes stored at {@code key} if they are the object now listed with {@code etag}, else null. */
    byte[] get(String key, String etag) {
        Body b = bodies.get(key);
        return b != null && b.etag.equals(etag) ? b.bytes : null;
    }

    /** Drops the body of {@code key} (its object is compacted: no fold reads it again). */
    void forget(String key) {
        Body old = bodies.remove(key);
        if (old != null) {
            total.addAndGet(-old.bytes.length);
        }
    }
}
