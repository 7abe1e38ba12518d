package io.vikingfs.object.client;

import java.io.IOException;

/** HTTP 412: the put's condition did not hold; this request changed nothing. */
public final class ObjectPreconditionFailedException extends IOException {
    private static final long serialVersionUID = 1L;

    public ObjectPreconditionFailedException(String key, String detail) {
        super(key + ": precondition failed (" + detail + ")");
    }
}
