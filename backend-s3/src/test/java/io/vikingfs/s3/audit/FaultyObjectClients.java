package io.vikingfs.s3.audit;

import io.vikingfs.s3.object.ForwardingObjectClient;
import io.vikingfs.s3.object.ListPage;
import io.vikingfs.s3.object.ObjectClient;
import io.vikingfs.s3.object.ObjectMeta;
import io.vikingfs.s3.object.ObjectPreconditionFailedException;
import io.vikingfs.s3.object.ObjectStoreException;
import io.vikingfs.s3.object.PutMode;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Object clients that each break one promise the backend relies on, the way stores in the field do. */
final class FaultyObjectClients {
    private FaultyObjectClients() {
    }

    /** Like the npm s3rver: every PUT overwrites, whatever its If-None-Match or If-Match. */
    static ObjectClient ignoringPreconditions(ObjectClient store) {
        return new ForwardingObjectClient(store) {
            @Override
            public ObjectMeta put(String key, byte[] data, PutMode mode) throws IOException {
                return delegate.put(key, data, PutMode.OVERWRITE);
            }
        };
    }

    /** Create-only checked by a HEAD, then an unconditional PUT: right alone, wrong when writers race. */
    static ObjectClient checkThenActCreate(ObjectClient store) {
        return new ForwardingObjectClient(store) {
            @Override
            public ObjectMeta put(String key, byte[] data, PutMode mode) throws IOException {
                if (mode != PutMode.CREATE) {
                    return delegate.put(key, data, mode);
                }
                if (delegate.head(key).isPresent()) {
                    throw new ObjectPreconditionFailedException(key, "exists (checked by HEAD)");
                }
                window();
                return delegate.put(key, data, PutMode.OVERWRITE);
            }
        };
    }

    /** If-Match checked by a HEAD, then an unconditional PUT (what S3Proxy does): racing writers can both win. */
    static ObjectClient checkThenActIfMatch(ObjectClient store) {
        return new ForwardingObjectClient(store) {
            @Override
            public ObjectMeta put(String key, byte[] data, PutMode mode) throws IOException {
                if (!(mode instanceof PutMode.Update u)) {
                    return delegate.put(key, data, mode);
                }
                Optional<ObjectMeta> current = delegate.head(key);
                if (current.isEmpty() || !current.get().etag().equals(u.etag())) {
                    throw new ObjectPreconditionFailedException(key, "ETag differs (checked by HEAD)");
                }
                window();
                return delegate.put(key, data, PutMode.OVERWRITE);
            }
        };
    }

    /** Listings leave out keys written less than {@code lagMillis} ago, as eventually consistent stores did. */
    static ObjectClient laggingListings(ObjectClient store, long lagMillis) {
        Map<String, Long> writtenAt = new ConcurrentHashMap<>();
        return new ForwardingObjectClient(store) {
            @Override
            public ObjectMeta put(String key, byte[] data, PutMode mode) throws IOException {
                ObjectMeta m = delegate.put(key, data, mode);
                writtenAt.put(key, System.nanoTime());
                return m;
            }

            @Override
            public ListPage list(String prefix, String delimiter, String startAfter, int maxKeys) throws IOException {
                ListPage p = delegate.list(prefix, delimiter, startAfter, maxKeys);
                long now = System.nanoTime();
                return new ListPage(p.objects().stream().filter(o -> {
                    Long t = writtenAt.get(o.key());
                    return t == null || now - t >= lagMillis * 1_000_000;
                }).toList(), p.commonPrefixes(), p.truncated());
            }
        };
    }

    /** Like a store without conditional writes that says so: 501 to every If-None-Match and If-Match. */
    static ObjectClient refusingConditions(ObjectClient store) {
        return new ForwardingObjectClient(store) {
            @Override
            public ObjectMeta put(String key, byte[] data, PutMode mode) throws IOException {
                if (mode != PutMode.OVERWRITE) {
                    throw new ObjectStoreException(key + ": HTTP 501 NotImplemented", 501, false, null);
                }
                return delegate.put(key, data, mode);
            }
        };
    }

    /** The gap between check and act: long enough that every racer has checked before any has written. */
    private static void window() throws IOException {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
    }
}
