package io.vikingfs.object.client;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.Optional;

/**
 * An {@link InMemoryObjectClient} whose store also keeps append objects, with the limits and conditions of Azure's
 * append blobs: each {@link #append} lands whole or not at all, under the append-position condition, checked
 * atomically with the write under the store's one lock — so racing writers of one object behave as on Azure, and
 * the request hooks (cut, drop, 503, lost response) apply to the append requests as to the others.
 *
 * <p>An append object's ETag is the hex MD5 of its bytes (it changes with every block); it keeps no body checksum
 * ({@link ObjectMeta#sha256()} is {@code null}), as Azure keeps none for a blob that grows. A plain {@link #put} on
 * its key replaces it with a plain object; {@link #copy} copies it as an append object with the same blocks.
 */
public final class InMemoryAppendableObjectClient extends InMemoryObjectClient implements AppendableObjectClient {
    /** Azure's limit for one Append Block before service version 2022-11-02 (newer versions take 100 MiB). */
    public static final int DEFAULT_MAX_BLOCK_BYTES = 4 * 1024 * 1024;
    /** Azure's limit of blocks in one append blob. */
    public static final int DEFAULT_MAX_BLOCKS = 50_000;

    private final int maxBlockBytes;
    private final int maxBlocks;

    /** A new, empty store with Azure's limits ({@link #DEFAULT_MAX_BLOCK_BYTES}, {@link #DEFAULT_MAX_BLOCKS}). */
    public InMemoryAppendableObjectClient() {
        this(DEFAULT_MAX_BLOCK_BYTES, DEFAULT_MAX_BLOCKS);
    }

    /**
     * A new, empty store with other limits (small ones make rollover and the batch limit testable).
     *
     * @throws IllegalArgumentException if a limit is below 1
     */
    public InMemoryAppendableObjectClient(int maxBlockBytes, int maxBlocks) {
        this(new Store(), (i, op, key) -> Outcome.APPLY, "memory-container", maxBlockBytes, maxBlocks);
    }

    private InMemoryAppendableObjectClient(Store store, RequestHook hook, String name, int maxBlockBytes,
                                           int maxBlocks) {
        super(store, hook, name);
        if (maxBlockBytes < 1 || maxBlocks < 1) {
            throw new IllegalArgumentException("maxBlockBytes and maxBlocks must be at least 1: " + maxBlockBytes
                    + ", " + maxBlocks);
        }
        this.maxBlockBytes = maxBlockBytes;
        this.maxBlocks = maxBlocks;
    }

    @Override
    public InMemoryAppendableObjectClient view(RequestHook hook) {
        return new InMemoryAppendableObjectClient(store, hook, name(), maxBlockBytes, maxBlocks);
    }

    @Override
    public InMemoryAppendableObjectClient fork() {
        return new InMemoryAppendableObjectClient(forkStore(), (i, op, key) -> Outcome.APPLY, name(), maxBlockBytes,
                maxBlocks);
    }

    /** Whether {@code key} holds an append object now (for test oracles). */
    public boolean isAppendable(String key) {
        synchronized (store) {
            return store.appendBlocks.containsKey(key);
        }
    }

    @Override
    public ObjectMeta createAppendable(String key, PutMode mode) throws IOException {
        Outcome o = admit("createAppendable", key);
        ObjectMeta meta;
        synchronized (store) {
            checkPrecondition(key, mode);
            meta = metaOf(key, new byte[0]);
            store.objects.put(key, new StoredObject(meta, new byte[0]));
            store.appendBlocks.put(key, 0);
        }
        answer(o, "createAppendable", key);
        return meta;
    }

    @Override
    public Appended append(String key, byte[] block, long expectedLength) throws IOException {
        if (block.length == 0 || block.length > maxBlockBytes) {
            throw new IllegalArgumentException(key + ": a block of " + block.length + " bytes; append takes 1 to "
                    + maxBlockBytes);
        }
        Outcome o = admit("append", key);
        Appended done;
        synchronized (store) {
            StoredObject current = store.objects.get(key);
            Integer blocks = store.appendBlocks.get(key);
            if (current == null) {
                throw new NoSuchFileException(key, null, "no append object to append to");
            }
            if (blocks == null) {
                throw new ObjectStoreException(key + ": not an append object (a plain object is stored there; Azure"
                        + " answers 409 InvalidBlobType)", 409, false, null);
            }
            if (blocks >= maxBlocks) {
                throw new AppendLimitException(key, maxBlocks);
            }
            if (current.data().length != expectedLength) {
                throw new ObjectPreconditionFailedException(key, "append position " + expectedLength
                        + " but the object is " + current.data().length + " bytes long");
            }
            byte[] data = Arrays.copyOf(current.data(), current.data().length + block.length);
            System.arraycopy(block, 0, data, current.data().length, block.length);
            ObjectMeta meta = metaOf(key, data);
            store.objects.put(key, new StoredObject(meta, data));
            store.appendBlocks.put(key, blocks + 1);
            done = new Appended(meta, blocks + 1);
        }
        answer(o, "append", key);
        return done;
    }

    @Override
    public Optional<StoredObject> getFrom(String key, long offset) throws IOException {
        Outcome o = admit("getFrom", key);
        StoredObject found;
        synchronized (store) {
            found = store.objects.get(key);
        }
        answer(o, "getFrom", key);
        if (found == null) {
            return Optional.empty();
        }
        int from = (int) Math.min(Math.max(offset, 0), found.data().length);
        return Optional.of(new StoredObject(found.meta(), Arrays.copyOfRange(found.data(), from, found.data().length)));
    }

    @Override
    public int maxBlockBytes() {
        return maxBlockBytes;
    }

    @Override
    public int maxBlocks() {
        return maxBlocks;
    }

    private ObjectMeta metaOf(String key, byte[] data) {
        return new ObjectMeta(key, BodyChecksum.md5Hex(data), data.length, store.now(), null);
    }
}
