package io.vikingfs.s3.object;

import java.time.Instant;

/**
 * @param key          the object key
 * @param etag         the normalised ETag (no quotes)
 * @param size         length in bytes
 * @param lastModified as the store reports it
 */
public record ObjectMeta(String key, String etag, long size, Instant lastModified) {
}
