package io.vikingfs.object.client;

/**
 * An object's bytes with the metadata of exactly that version.
 *
 * @param sha256InTransit lower-case hex SHA-256 of exactly {@code data}, computed by the client while the body
 *                        streamed in (so a verifying reader need not hash it again), or {@code null} where no
 *                        client computed one — then {@link VerifyingObjectClient} hashes {@code data} itself. A
 *                        wrapper that returns other bytes than it got must drop it (the two-argument constructor
 *                        does).
 */
public record StoredObject(ObjectMeta meta, byte[] data, String sha256InTransit) {
    /** Bytes no client hashed on the way in. */
    public StoredObject(ObjectMeta meta, byte[] data) {
        this(meta, data, null);
    }
}
