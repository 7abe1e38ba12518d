package io.vikingfs.object.client;

import java.io.IOException;
import java.util.Optional;

/**
 * Forwards every request to {@code delegate}: a decorator overrides only the requests it changes (counts, breaks
 * on purpose in tests, …), as {@code io.vikingfs.ForwardingVikingFs} does for stores.
 */
public abstract class ForwardingObjectClient implements ObjectClient {
    protected final ObjectClient delegate;

    protected ForwardingObjectClient(ObjectClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public Optional<StoredObject> get(String key) throws IOException {
        return delegate.get(key);
    }

    @Override
    public Optional<ObjectMeta> head(String key) throws IOException {
        return delegate.head(key);
    }

    @Override
    public ObjectMeta put(String key, byte[] data, PutMode mode) throws IOException {
        return delegate.put(key, data, mode);
    }

    @Override
    public ListPage list(String prefix, String delimiter, String startAfter, int maxKeys) throws IOException {
        return delegate.list(prefix, delimiter, startAfter, maxKeys);
    }

    @Override
    public ObjectMeta copy(String source, String destination) throws IOException {
        return delegate.copy(source, destination);
    }

    @Override
    public void delete(String key) throws IOException {
        delegate.delete(key);
    }

    @Override
    public String describe() {
        return getClass().getSimpleName() + " over " + delegate.describe();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
