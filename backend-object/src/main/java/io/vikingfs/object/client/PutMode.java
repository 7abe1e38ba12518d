package io.vikingfs.object.client;

import java.util.Objects;

/** The condition of an {@link ObjectClient#put}: overwrite, create-only ({@code If-None-Match: *}), or update a known ETag ({@code If-Match}). */
public abstract class PutMode {
    public static final PutMode OVERWRITE = new Simple("overwrite");
    /** {@code If-None-Match: *}: succeeds only if no object exists at the key. */
    public static final PutMode CREATE = new Simple("create");

    private PutMode() {
    }

    /** {@code If-Match: etag}: succeeds only if the current object's ETag is {@code etag}. */
    public static PutMode update(String etag) {
        return new Update(etag);
    }

    private static final class Simple extends PutMode {
        private final String name;

        Simple(String name) {
            this.name = name;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** The If-Match form. */
    public static final class Update extends PutMode {
        private final String etag;

        Update(String etag) {
            this.etag = Objects.requireNonNull(etag, "etag");
        }

        public String etag() {
            return etag;
        }

        @Override
        public String toString() {
            return "update(" + etag + ")";
        }
    }
}
