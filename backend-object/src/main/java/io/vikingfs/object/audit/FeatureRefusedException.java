package io.vikingfs.object.audit;

import java.io.IOException;

/** The store answered that it does not implement a request or header (HTTP 501, NotImplemented, InvalidArgument, …). */
public final class FeatureRefusedException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public FeatureRefusedException(String key, int status, String detail) {
        super(key + ": the store refused the request as unsupported (HTTP " + status + ", " + detail + ")");
        this.status = status;
    }

    /** The HTTP status the store answered. */
    public int status() {
        return status;
    }
}
