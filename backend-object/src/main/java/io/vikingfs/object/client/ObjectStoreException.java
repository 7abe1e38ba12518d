package io.vikingfs.object.client;

import java.io.IOException;

/**
 * The store answered a request with an error other than 404, 409 or 412 — or the request failed in transport.
 * {@link #retryable()} says whether sending it again may succeed (5xx, throttling, timeouts, dropped
 * connections) or not (403 access denied, 400 bad request, a missing bucket: the caller must fix something).
 * After a retryable failure the request may or may not have taken effect.
 */
public final class ObjectStoreException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final boolean retryable;

    /**
     * @param status the HTTP status, or 0 for a transport failure
     */
    public ObjectStoreException(String message, int status, boolean retryable, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.retryable = retryable;
    }

    /** The HTTP status, or 0 if no answer arrived. */
    public int status() {
        return status;
    }

    public boolean retryable() {
        return retryable;
    }
}
