package io.vikingfs.s3.audit;

import io.vikingfs.s3.object.ListPage;
import io.vikingfs.s3.object.ObjectClient;
import io.vikingfs.s3.object.ObjectMeta;
import io.vikingfs.s3.object.PutMode;
import io.vikingfs.s3.object.StoredObject;

import java.io.IOException;
import java.util.Optional;

/** Forwards every request; each faulty client overrides the one promise it breaks. */
abstract class ForwardingObjectClient implements ObjectClient {
    protected final ObjectClient delegate;

    ForwardingObjectClient(ObjectClient delegate) {
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
