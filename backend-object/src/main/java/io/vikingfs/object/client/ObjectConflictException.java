package io.vikingfs.object.client;

import java.io.IOException;

/** HTTP 409: a concurrent conflicting request on the same key; this request changed nothing and may be retried. */
public final class ObjectConflictException extends IOException {
    private static final long serialVersionUID = 1L;

    public ObjectConflictException(String key, String detail) {
        super(key + ": conflict with a concurrent request (" + detail + ")");
    }
}
