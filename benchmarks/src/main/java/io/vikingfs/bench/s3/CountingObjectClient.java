package io.vikingfs.bench.s3;

import io.vikingfs.s3.object.ListPage;
import io.vikingfs.s3.object.ObjectClient;
import io.vikingfs.s3.object.ObjectMeta;
import io.vikingfs.s3.object.PutMode;
import io.vikingfs.s3.object.StoredObject;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** Counts the requests and payload bytes that go through an {@link ObjectClient}. */
final class CountingObjectClient implements ObjectClient {
    private final ObjectClient delegate;
    final AtomicLong requests = new AtomicLong();
    final AtomicLong bytesSent = new AtomicLong();
    final AtomicLong bytesReceived = new AtomicLong();

    CountingObjectClient(ObjectClient delegate) {
        this.delegate = delegate;
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
        requests.incrementAndGet();
        bytesSent.addAndGet(data.length);
        return delegate.put(key, data, mode);
    }

    @Override
    public ListPage list(String prefix, String delimiter, String startAfter, int maxKeys) throws IOException {
        requests.incrementAndGet();
        return delegate.list(prefix, delimiter, startAfter, maxKeys);
    }

    @Override
    public ObjectMeta copy(String source, String destination) throws IOException {
        requests.incrementAndGet();
        return delegate.copy(source, destination);
    }

    @Override
    public void delete(String key) throws IOException {
        requests.incrementAndGet();
        delegate.delete(key);
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
