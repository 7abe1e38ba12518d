package io.vikingfs.object.client;

import io.vikingfs.VPath;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An object store in memory, for tests: every request is applied atomically under one lock, so preconditions
 * ({@link PutMode#CREATE}, {@link PutMode#update}) hold exactly as on AWS S3 or MinIO, even between racing
 * clients. ETags are the hex MD5 of the content (as S3 gives for single-part uploads), and every object keeps the
 * CRC32C and SHA-256 of its body ({@link ObjectMeta#crc32c()}, {@link ObjectMeta#sha256()}, as the backend's
 * objects do on S3); keys list in UTF-8 byte
 * order.
 *
 * <p>Several {@link #view views} share one store, as several S3 clients share one bucket; each view can carry a
 * {@link RequestHook} that sees every request it sends — to count them, to cut the client after request
 * <i>k</i> (applied or not), or to lose a response. A store survives its views: a test "kills" a client by
 * making its hook refuse, then opens a new view of the same store.
 *
 * <p>{@link InMemoryAppendableObjectClient} adds append objects to the same store (Azure's append blobs).
 */
public class InMemoryObjectClient implements ObjectClient {

    /** What happens to one request. */
    public enum Outcome {
        /** The request is applied and answered normally. */
        APPLY,
        /** The request never reaches the store: an {@link IOException} is thrown, nothing changed. */
        DROP,
        /** The request is applied, but its answer is lost: an {@link IOException} is thrown. */
        APPLY_AND_LOSE_RESPONSE,
        /**
         * The store answers 503 (Service Unavailable) without applying the request: a retryable
         * {@link ObjectStoreException}, nothing changed.
         */
        UNAVAILABLE
    }

    /** Sees every request of one view before it is applied, and decides its {@link Outcome}. */
    @FunctionalInterface
    public interface RequestHook {
        /**
         * @param index 0-based index of the request among this view's requests
         * @param op    the request's kind: {@code get}, {@code head}, {@code put}, {@code list}, {@code copy},
         *              {@code delete}; on append objects also {@code createAppendable}, {@code append},
         *              {@code getFrom}
         * @param key   the key (for list: the prefix; for copy: the destination)
         */
        Outcome onRequest(long index, String op, String key);
    }

    /** The shared objects of one simulated bucket. */
    static final class Store {
        final NavigableMap<String, StoredObject> objects = new TreeMap<>(VPath::compareNames);
        /** The append objects among {@link #objects}: key → number of blocks. A plain PUT makes a key plain again. */
        final Map<String, Integer> appendBlocks = new HashMap<>();
        long clock;

        /** Wall-clock time, made strictly increasing so every change has its own modification time. */
        Instant now() {
            clock = Math.max(clock + 1, System.currentTimeMillis());
            return Instant.ofEpochMilli(clock);
        }
    }

    final Store store;
    private final RequestHook hook;
    private final AtomicLong requests = new AtomicLong();
    private final String name;

    /** A new, empty store with one view that applies every request. */
    public InMemoryObjectClient() {
        this(new Store(), (i, op, key) -> Outcome.APPLY, "memory-bucket");
    }

    InMemoryObjectClient(Store store, RequestHook hook, String name) {
        this.store = store;
        this.hook = hook;
        this.name = name;
    }

    /** Another client of the same store, whose requests go through {@code hook}. */
    public InMemoryObjectClient view(RequestHook hook) {
        return new InMemoryObjectClient(store, hook, name);
    }

    /** The simulated bucket's name, for {@link #describe()}. */
    final String name() {
        return name;
    }

    /** How many requests this view has sent (each counted once, whatever its outcome). */
    public long requestCount() {
        return requests.get();
    }

    /** A copy of every object's bytes by key, for test oracles. */
    public Map<String, byte[]> snapshot() {
        synchronized (store) {
            Map<String, byte[]> copy = new TreeMap<>(VPath::compareNames);
            store.objects.forEach((k, v) -> copy.put(k, v.data().clone()));
            return copy;
        }
    }

    /** A deep copy of the whole store, as an independent store with one plain view (for crash-state forks). */
    public InMemoryObjectClient fork() {
        return new InMemoryObjectClient(forkStore(), (i, op, key) -> Outcome.APPLY, name);
    }

    final Store forkStore() {
        Store copy = new Store();
        synchronized (store) {
            copy.objects.putAll(store.objects);
            copy.appendBlocks.putAll(store.appendBlocks);
            copy.clock = store.clock;
        }
        return copy;
    }

    final Outcome admit(String op, String key) throws IOException {
        long index = requests.getAndIncrement();
        Outcome outcome = hook.onRequest(index, op, key);
        if (outcome == Outcome.DROP) {
            throw new IOException("simulated transport failure before " + op + " " + key + " (request #" + index
                    + ") reached the store");
        }
        if (outcome == Outcome.UNAVAILABLE) {
            throw new ObjectStoreException("simulated 503 Service Unavailable for " + op + " " + key + " (request #"
                    + index + "): nothing changed; retry", 503, true, null);
        }
        return outcome;
    }

    static void answer(Outcome outcome, String op, String key) throws IOException {
        if (outcome == Outcome.APPLY_AND_LOSE_RESPONSE) {
            throw new IOException("simulated lost response: " + op + " " + key + " took effect but its answer was lost");
        }
    }

    @Override
    public Optional<StoredObject> get(String key) throws IOException {
        Outcome o = admit("get", key);
        StoredObject found;
        synchronized (store) {
            found = store.objects.get(key);
        }
        answer(o, "get", key);
        return Optional.ofNullable(found).map(s -> new StoredObject(s.meta(), s.data().clone()));
    }

    @Override
    public Optional<ObjectMeta> head(String key) throws IOException {
        Outcome o = admit("head", key);
        StoredObject found;
        synchronized (store) {
            found = store.objects.get(key);
        }
        answer(o, "head", key);
        return Optional.ofNullable(found).map(StoredObject::meta);
    }

    @Override
    public ObjectMeta put(String key, byte[] data, PutMode mode) throws IOException {
        Outcome o = admit("put", key);
        ObjectMeta meta;
        synchronized (store) {
            checkPrecondition(key, mode);
            meta = new ObjectMeta(key, BodyChecksum.md5Hex(data), data.length, store.now(),
                    BodyChecksum.sha256Hex(data), BodyChecksum.crc32cHex(data));
            store.objects.put(key, new StoredObject(meta, data.clone()));
            store.appendBlocks.remove(key);
        }
        answer(o, "put", key);
        return meta;
    }

    /** Throws if {@code mode}'s condition does not hold for {@code key} now; call holding the store's lock. */
    final void checkPrecondition(String key, PutMode mode) throws ObjectPreconditionFailedException {
        StoredObject current = store.objects.get(key);
        if (mode == PutMode.CREATE && current != null) {
            throw new ObjectPreconditionFailedException(key, "If-None-Match: * but an object exists");
        }
        if (mode instanceof PutMode.Update u && (current == null || !current.meta().etag().equals(u.etag()))) {
            throw new ObjectPreconditionFailedException(key, "If-Match: " + u.etag() + " but found "
                    + (current == null ? "no object" : current.meta().etag()));
        }
    }

    @Override
    public ListPage list(String prefix, String delimiter, String startAfter, int maxKeys) throws IOException {
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be positive: " + maxKeys);
        }
        Outcome o = admit("list", prefix);
        List<ObjectMeta> objects = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        boolean truncated = false;
        synchronized (store) {
            String from = startAfter != null && VPath.compareNames(startAfter, prefix) > 0 ? startAfter : prefix;
            boolean inclusive = startAfter == null || VPath.compareNames(startAfter, prefix) < 0;
            for (Map.Entry<String, StoredObject> e : store.objects.tailMap(from, inclusive).entrySet()) {
                String key = e.getKey();
                if (!key.startsWith(prefix)) {
                    break;
                }
                int cut = delimiter == null ? -1 : key.indexOf(delimiter, prefix.length());
                String rolled = cut < 0 ? null : key.substring(0, cut + delimiter.length());
                if (rolled != null && (startAfter != null && VPath.compareNames(rolled, startAfter) <= 0
                        || !prefixes.isEmpty() && prefixes.get(prefixes.size() - 1).equals(rolled))) {
                    continue; // already returned on this or an earlier page
                }
                if (objects.size() + prefixes.size() == maxKeys) {
                    truncated = true;
                    break;
                }
                if (rolled != null) {
                    prefixes.add(rolled);
                } else {
                    objects.add(e.getValue().meta());
                }
            }
        }
        answer(o, "list", prefix);
        return new ListPage(objects, prefixes, truncated);
    }

    @Override
    public ObjectMeta copy(String source, String destination) throws IOException {
        Outcome o = admit("copy", destination);
        ObjectMeta meta;
        synchronized (store) {
            StoredObject src = store.objects.get(source);
            if (src == null) {
                throw new java.nio.file.NoSuchFileException(source, destination, "copy source does not exist");
            }
            // S3 keeps the user metadata (and so the body checksum) with a copy
            meta = new ObjectMeta(destination, src.meta().etag(), src.meta().size(), store.now(), src.meta().sha256(),
                    src.meta().crc32c());
            store.objects.put(destination, new StoredObject(meta, src.data()));
            // an append object's copy is an append object with the same blocks (as Azure's Copy Blob keeps the type)
            Integer blocks = store.appendBlocks.get(source);
            if (blocks == null) {
                store.appendBlocks.remove(destination);
            } else {
                store.appendBlocks.put(destination, blocks);
            }
        }
        answer(o, "copy", destination);
        return meta;
    }

    @Override
    public void delete(String key) throws IOException {
        Outcome o = admit("delete", key);
        synchronized (store) {
            store.objects.remove(key);
            store.appendBlocks.remove(key);
        }
        answer(o, "delete", key);
    }

    @Override
    public String describe() {
        return "in-memory object store '" + name + "'";
    }

    @Override
    public void close() {
        // The store outlives its views: a new view of it is a new client of the same bucket.
    }

    /** The hex MD5 of {@code data}: the ETag S3 gives a single-part upload. */
    public static String md5Hex(byte[] data) {
        return BodyChecksum.md5Hex(data);
    }

    @Override
    public String toString() {
        return describe() + " (" + requests.get() + " requests sent by this view)";
    }
}
