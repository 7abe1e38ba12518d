package io.vikingfs.object.client;

import java.time.Instant;

/**
 * @param key          the object key
 * @param etag         the normalised ETag (no quotes)
 * @param size         length in bytes
 * @param lastModified as the store reports it
 * @param sha256       the lower-case hex SHA-256 of the body as the store keeps it beside the object — its own
 *                     {@code x-amz-checksum-sha256} or the {@code x-amz-meta-vfs-sha256} the backend writes — or
 *                     {@code null} where the answer carries none (listings; objects written by other tools)
 */
public record ObjectMeta(String key, String etag, long size, Instant lastModified, String sha256) {

    /** Metadata without a body checksum (a listing entry, or an object another tool wrote). */
    public ObjectMeta(String key, String etag, long size, Instant lastModified) {
        this(key, etag, size, lastModified, null);
    }
}
