package io.vikingfs.object.client;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts what goes through an {@link ObjectClient}: requests sent, payload bytes each way, and mutating requests
 * (PUT, copy, delete) the store acknowledged — on S3 each of those is durable once acknowledged, so they are the
 * store's durable commits. For benchmarks and test fixtures; thread-safe.
 */
public final class CountingObjectClient extends ForwardingObjectClient {
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong bytesReceived = new AtomicLong();
    private final AtomicLong acknowledgedWrites = new AtomicLong();

    public CountingObjectClient(ObjectClient delegate) {
        super(delegate);
    }

    /** Requests sent, whatever their outcome. */
    public long requests() {
        return requests.get();
    }

    /** Bytes of object data sent (PUT bodies, append blocks). */
    public long bytesSent() {
        return bytesSent.get();
    }

    /** Bytes of object data received (GET bodies). */
    public long bytesReceived() {
        return bytesReceived.get();
    }

    /** PUT, copy and delete requests (and, through {@link #withAppends}, creates and append blocks) that returned normally. */
    public long acknowledgedWrites() {
        return acknowledgedWrites.get();
    }

    /**
     * A client of the same store as this one that sends its plain requests through {@code plain} (this client, or
     * a decorator over it) and the append requests of {@code store} counted here too: an acknowledged
     * {@code createAppendable} or append block is a durable write, a ranged read bytes received.
     */
    public AppendableObjectClient withAppends(ObjectClient plain, AppendableObjectClient store) {
        return new ForwardingAppendableObjectClient(plain, store) {
            @Override
            public ObjectMeta createAppendable(String key, PutMode mode) throws IOException {
                return write(0, () -> appendDelegate.createAppendable(key, mode));
            }

            @Override
            public Appended append(String key, byte[] block, long expectedLength) throws IOException {
                return write(block.length, () -> appendDelegate.append(key, block, expectedLength));
            }

            @Override
            public Optional<StoredObject> getFrom(String key, long offset) throws IOException {
                requests.incrementAndGet();
                Optional<StoredObject> o = appendDelegate.getFrom(key, offset);
                o.ifPresent(s -> bytesReceived.addAndGet(s.data().length));
                return o;
            }
        };
    }

    @Override
    public Optional<StoredObject> get(String key) throws IOException {
        requests.incrementAndGet();
        Optional<StoredObject> o = delegate.get(key);
        o.ifPresent(s -> bytesReceived.addAndGet(s.data().length));
        return o;
    }

    @Override
    public Optional<ObjectMeta> head(String key) throws IOException {
        requests.incrementAndGet();
        return delegate.head(key);
    }

    @Override
    public ObjectMeta put(String key, byte[] data, PutMode mode) throws IOException {
        return write(data.length, () -> delegate.put(key, data, mode));
    }

    @FunctionalInterface
    private interface Write<T> {
        T send() throws IOException;
    }

    /** A mutating request sending {@code bytes}: counted as sent, and as acknowledged if it returns. */
    private <T> T write(long bytes, Write<T> request) throws IOException {
        requests.incrementAndGet();
        bytesSent.addAndGet(bytes);
        T result = request.send();
        acknowledgedWrites.incrementAndGet();
        return result;
    }

    @Override
    public ListPage list(String prefix, String delimiter, String startAfter, int maxKeys) throws IOException {
        requests.incrementAndGet();
        return delegate.list(prefix, delimiter, startAfter, maxKeys);
    }

    @Override
    public ObjectMeta copy(String source, String destination) throws IOException {
        return write(0, () -> delegate.copy(source, destination));
    }

    @Override
    public void delete(String key) throws IOException {
        write(0, () -> {
            delegate.delete(key);
            return null;
        });
    }
}
