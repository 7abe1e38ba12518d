package io.vikingfs.object.client;

/**
 * An object's bytes with the metadata of exactly that version, and the checksum a client computed of exactly those
 * bytes while they streamed in, if it did (so a verifying reader need not pass over them again). A client computes
 * the one the object is verified with: the CRC32C where {@link ObjectMeta#crc32c()} is present, else the SHA-256
 * where {@link ObjectMeta#sha256()} is. A wrapper that returns other bytes than it got must drop both (the
 * two-argument constructor does); where they are {@code null}, {@link VerifyingObjectClient} sums {@code data}
 * itself.
 *
 * @param sha256InTransit lower-case hex SHA-256 of exactly {@code data}, or {@code null}
 * @param crc32cInTransit CRC32C of exactly {@code data} as {@link BodyChecksum#crc32cHex} writes it, or {@code null}
 */
public record StoredObject(ObjectMeta meta, byte[] data, String sha256InTransit, String crc32cInTransit) {
    /** Bytes no client summed on the way in. */
    public StoredObject(ObjectMeta meta, byte[] data) {
        this(meta, data, null, null);
    }
}
