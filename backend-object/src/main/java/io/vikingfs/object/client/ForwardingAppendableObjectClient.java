package io.vikingfs.object.client;

import java.io.IOException;
import java.util.Optional;

/**
 * A {@link ForwardingObjectClient} over a store with append objects, forwarding the append requests too — so a
 * decorator (a counter, a request log, a fault in a test) keeps the store appendable, and {@code ObjectVikingFs}
 * opened over it keeps its logs in append objects.
 */
public abstract class ForwardingAppendableObjectClient extends ForwardingObjectClient implements AppendableObjectClient {
    protected final AppendableObjectClient appendDelegate;

    protected ForwardingAppendableObjectClient(AppendableObjectClient delegate) {
        this(delegate, delegate);
    }

    /**
     * Plain requests to {@code delegate}, append requests to {@code appendDelegate}: two clients of the same store
     * (e.g. a decorated client for the plain requests over the appendable one it decorates).
     */
    protected ForwardingAppendableObjectClient(ObjectClient delegate, AppendableObjectClient appendDelegate) {
        super(delegate);
        this.appendDelegate = appendDelegate;
    }

    @Override
    public ObjectMeta createAppendable(String key, PutMode mode) throws IOException {
        return appendDelegate.createAppendable(key, mode);
    }

    @Override
    public Appended append(String key, byte[] block, long expectedLength) throws IOException {
        return appendDelegate.append(key, block, expectedLength);
    }

    @Override
    public Optional<StoredObject> getFrom(String key, long offset) throws IOException {
        return appendDelegate.getFrom(key, offset);
    }

    @Override
    public int maxBlockBytes() {
        return appendDelegate.maxBlockBytes();
    }

    @Override
    public int maxBlocks() {
        return appendDelegate.maxBlocks();
    }
}
