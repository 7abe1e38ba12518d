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
 * @param crc32c       the CRC32C of the body as 8 lower-case hex digits ({@link BodyChecksum#crc32cHex}), as the
 *                     backend keeps it beside every object it writes ({@code x-amz-meta-vfs-crc32c}), or
 *                     {@code null} where the answer carries none (listings; objects written by other tools or
 *                     before the backend stored it). Reads are verified with it where present
 *                     ({@link VerifyingObjectClient})
 */
public record ObjectMeta(String key, String etag, long size, Instant lastModified, String sha256, String crc32c) {

    /** Metadata without a body checksum (a listing entry, or an object another tool wrote). */
    public ObjectMeta(String key, String etag, long size, Instant lastModified) {
        this(key, etag, size, lastModified, null, null);
    }

    /** Metadata of an object that carries only a SHA-256: one written before the backend stored the CRC32C. */
    public ObjectMeta(String key, String etag, long size, Instant lastModified, String sha256) {
        this(key, etag, size, lastModified, sha256, null);
    }
}
