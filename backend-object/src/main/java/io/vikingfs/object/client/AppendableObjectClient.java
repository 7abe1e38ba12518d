package io.vikingfs.object.client;

import java.io.IOException;
import java.util.Optional;

/**
 * An object store that also keeps <em>append objects</em> (Azure's append blobs): objects that grow at the end by
 * whole blocks, each block added atomically — a reader sees all of a block or none of it, so a record batch sent
 * as one block can never be torn. The append-position condition makes a block land only where the writer expects
 * the end to be, which lets several writers share one object without a lock of ours: the loser of a race gets a
 * precondition failure, re-reads the length and tries again.
 *
 * <p>Failure rules are those of {@link ObjectClient}: a {@link ObjectPreconditionFailedException} means this
 * request changed nothing; any other {@link IOException} may or may not have taken effect (a lost response).
 */
public interface AppendableObjectClient extends ObjectClient {

    /**
     * Creates an empty append object at {@code key}, subject to {@code mode}: {@link PutMode#CREATE} only if no
     * object exists there, {@link PutMode#OVERWRITE} replacing whatever is there (an update of a known ETag too).
     *
     * @return the new, empty object's metadata
     * @throws ObjectPreconditionFailedException if {@code mode}'s condition does not hold
     */
    ObjectMeta createAppendable(String key, PutMode mode) throws IOException;

    /**
     * Adds {@code block} at the end of the append object at {@code key} as one atomic unit, only if the object's
     * length is exactly {@code expectedLength} at that moment.
     *
     * @param block at most {@link #maxBlockBytes()} bytes, at least one
     * @return the object's metadata after this block (its size is {@code expectedLength + block.length}) and its
     *         block count
     * @throws ObjectPreconditionFailedException if the length was not {@code expectedLength} (another writer's
     *         block came first): nothing was appended
     * @throws java.nio.file.NoSuchFileException if there is no append object at {@code key}
     * @throws AppendLimitException if the object already holds {@link #maxBlocks()} blocks: nothing was appended
     * @throws ObjectStoreException with status 409 if a plain object is stored at {@code key} (nothing appended)
     */
    Appended append(String key, byte[] block, long expectedLength) throws IOException;

    /**
     * The bytes of the object at {@code key} from {@code offset} to its end (one ranged read), with the metadata
     * of exactly that version — whose {@link ObjectMeta#size()} is the whole object's length, so a caller can tell
     * an object shorter than {@code offset} (replaced meanwhile) from one that ends there; empty if there is no
     * object. An offset at or past the end gives no bytes.
     */
    Optional<StoredObject> getFrom(String key, long offset) throws IOException;

    /** The largest block {@link #append} takes. */
    int maxBlockBytes();

    /** How many blocks one append object can hold; a log that reaches it must roll over to a next object. */
    int maxBlocks();

    /**
     * What an append left behind.
     *
     * @param meta       the object's metadata after the append
     * @param blockCount the number of blocks the object holds now
     */
    record Appended(ObjectMeta meta, int blockCount) {
    }

    /** The append object is full ({@link #maxBlocks()} blocks): nothing was appended; roll over to a new one. */
    final class AppendLimitException extends IOException {
        private static final long serialVersionUID = 1L;

        public AppendLimitException(String key, int maxBlocks) {
            super(key + ": the append object holds its limit of " + maxBlocks
                    + " blocks; nothing was appended — continue in a new object");
        }
    }
}
