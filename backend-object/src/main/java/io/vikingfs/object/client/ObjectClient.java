package io.vikingfs.object.client;

import java.io.Closeable;
import java.io.IOException;
import java.util.Optional;

/**
 * The few object-store requests the S3 protocols are written against — one method, one request (or one logical
 * request: a multipart upload is one {@link #put}). {@code MinioObjectClient} speaks S3; {@code
 * InMemoryObjectClient} applies preconditions atomically in memory for exhaustive request-cut tests; faulty
 * clients in tests break one promise each so the store audit can be proven to catch them.
 *
 * <p>Keys are full object keys in one bucket. ETags are returned normalised (no quotes). Every method either
 * returns after the request took effect, or throws: {@link ObjectPreconditionFailedException} (412: nothing was
 * changed by this request), {@link ObjectConflictException} (409: a concurrent conflicting request; retry),
 * or another {@link IOException} after which the request may or may not have taken effect.
 */
public interface ObjectClient extends Closeable {

    /** The object's bytes and metadata, or empty if there is no object at {@code key}. */
    Optional<StoredObject> get(String key) throws IOException;

    /** The object's metadata, or empty if there is no object at {@code key}. */
    Optional<ObjectMeta> head(String key) throws IOException;

    /**
     * Stores {@code data} at {@code key} as one atomic, durable object, subject to {@code mode}.
     *
     * @return the new object's metadata (its ETag)
     * @throws ObjectPreconditionFailedException if {@code mode}'s condition does not hold
     */
    ObjectMeta put(String key, byte[] data, PutMode mode) throws IOException;

    /**
     * One page of the keys under {@code prefix} in ascending UTF-8 byte order, starting after {@code startAfter}
     * (or from the beginning if {@code null}), at most {@code maxKeys}. With a non-null {@code delimiter}, keys
     * that contain it after the prefix are rolled up into {@link ListPage#commonPrefixes()}.
     */
    ListPage list(String prefix, String delimiter, String startAfter, int maxKeys) throws IOException;

    /**
     * Server-side copy of {@code source} to {@code destination} (overwrite); returns the new metadata, whose size
     * is -1 where the store's answer does not say it.
     *
     * @throws java.nio.file.NoSuchFileException if there is no object at {@code source}
     */
    ObjectMeta copy(String source, String destination) throws IOException;

    /** Deletes {@code key}; deleting a missing key succeeds (as S3 does). */
    void delete(String key) throws IOException;

    /** A short description of the endpoint and bucket, for messages (never credentials). */
    String describe();
}
