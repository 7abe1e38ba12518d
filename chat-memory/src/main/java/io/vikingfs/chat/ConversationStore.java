package io.vikingfs.chat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vikingfs.Capability;
import io.vikingfs.DirEntry;
import io.vikingfs.FileStat;
import io.vikingfs.Precondition;
import io.vikingfs.PreconditionFailedException;
import io.vikingfs.RecordLog;
import io.vikingfs.VPath;
import io.vikingfs.Version;
import io.vikingfs.VikingFs;
import io.vikingfs.VikingFsException;
import io.vikingfs.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Conversations (ordered lists of a framework's messages) kept in a {@link VikingFs}, the protocol behind the
 * LangChain4j {@code ChatMemoryStore} and the Spring AI {@code ChatMemoryRepository} of VikingFS.
 *
 * <h2>Layout</h2>
 * Under {@code root}, one folder per conversation (its id encoded, see {@link #folderOf}) holding
 * {@code conversation.json} — the commit point, replaced only by {@code atomicWrite} — and {@code log-<gen>.jsonl},
 * one record per message. An update that extends the stored list appends only the new messages, as one batch, then
 * commits the manifest; any other update writes a new generation whole, commits the manifest that names it, and
 * deletes the old one. Readers follow the manifest, so they see only committed batches (see
 * {@link ConversationLog}).
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>Every {@link #write} is durable on return. After a crash at any instant (process crash, power loss, an
 *       S3 request cut) a conversation holds the whole old list or the whole new one, never a mix, never a torn
 *       message: the log records are durable before the manifest is written, and the manifest is replaced
 *       atomically.</li>
 *   <li>Concurrent writers of one conversation: the manifest is written with {@code ifMatch} on the version the
 *       update was prepared from (or {@code ifAbsent}). An update that extends the list its thread last read here
 *       is never lost: if another writer committed first, its new messages are appended after the other writer's
 *       (the stored list is then the other writer's list plus these messages). Any other update prepared from a
 *       state that is no longer current fails with {@link ConversationConflictException} and writes nothing.
 *       Threads of one store instance are serialised per conversation; across processes, the
 *       {@code ifMatch} is the guard, so it holds exactly where the backend declares
 *       {@link Capability#ATOMIC_CONDITIONAL_WRITE}. Without it, two processes committing at the same instant can
 *       both succeed: the conversation is then one writer's list (whole), and the other writer's update is lost
 *       although its call returned; and if one was a rewrite and the other an append, the append's commit can name
 *       the generation the rewrite deleted, so reads of that conversation fail (naming the missing log) until it
 *       is deleted — keep one writer per conversation on such stores. An S3 store whose audit found
 *       {@code If-Match} not atomic refuses the {@code ifMatch} (so every write fails) until that weaker mode is
 *       accepted with {@code auditAccept=ATOMIC_WRITE_IF_MATCH}.</li>
 *   <li>On an exception the conversation holds the old list or the new one (an I/O error after the manifest was
 *       sent may hide which); nothing else changes.</li>
 * </ul>
 *
 * @param <M> the framework's message type
 */
public final class ConversationStore<M> {
    private static final Logger LOG = LoggerFactory.getLogger(ConversationStore.class);
    private static final int MAX_ATTEMPTS = 32;
    private static final int THREAD_BASES = 16;
    /** The default folder under the store's root. */
    public static final VPath DEFAULT_ROOT = VPath.of("conversations");

    private final VikingFs fs;
    private final VPath root;
    private final MessageCodec<M> codec;
    private final KeyedLocks locks = new KeyedLocks();
    private final Map<String, Snapshot<M>> cache;
    /** The state each thread last read or wrote, per conversation: what its next update was prepared from. */
    private final ThreadLocal<Map<String, Snapshot<M>>> bases = ThreadLocal.withInitial(() -> lru(THREAD_BASES));

    /**
     * @param fs         the store (any backend); not closed by this class
     * @param root       the folder holding the conversations
     * @param codec      the framework's message serialisation
     * @param cachedConversations how many conversations' last state to keep in memory (0 for none): a read whose
     *                   manifest version is unchanged costs one {@code stat}
     */
    public ConversationStore(VikingFs fs, VPath root, MessageCodec<M> codec, int cachedConversations) {
        this.fs = Objects.requireNonNull(fs, "fs");
        this.root = Objects.requireNonNull(root, "root");
        this.codec = Objects.requireNonNull(codec, "codec");
        if (cachedConversations < 0) {
            throw new IllegalArgumentException("cachedConversations must be >= 0, got " + cachedConversations);
        }
        this.cache = Collections.synchronizedMap(lru(cachedConversations));
        // The longest path this class builds must be valid under root: fail now, not on the first long id.
        VPath.of(root.toString(), "~" + "0".repeat(64), ConversationLog.fileName(UUID.randomUUID().toString()));
    }

    public ConversationStore(VikingFs fs, MessageCodec<M> codec) {
        this(fs, DEFAULT_ROOT, codec, 256);
    }

    /** The store this writes to. */
    public VikingFs fs() {
        return fs;
    }

    /** The folder of a conversation: {@code root/<encoded id>}. */
    public VPath folderOf(String conversationId) {
        return VPath.of(root.toString(), ConversationNames.encode(conversationId));
    }

    /**
     * The conversation's messages in order; empty if it does not exist. Only committed updates are seen, whole.
     * The returned list is a new mutable list; the messages may be shared with other readers of this instance.
     */
    public List<M> read(String conversationId) throws IOException {
        Snapshot<M> s = current(conversationId);
        bases.get().put(conversationId, s);
        return new ArrayList<>(s.messages());
    }

    /**
     * Makes the conversation hold {@code messages} (see the class description for concurrent writers). Durable on
     * return. An empty list keeps the conversation, empty.
     *
     * @throws ConversationConflictException if the update is not an extension and another writer changed the
     *         conversation after this thread last read it; nothing was written
     * @throws IllegalArgumentException if the id is empty or a message cannot be encoded; nothing was written
     */
    public void write(String conversationId, List<? extends M> messages) throws IOException {
        Objects.requireNonNull(messages, "messages");
        VPath dir = folderOf(conversationId);
        List<JsonNode> encoded = new ArrayList<>(messages.size());
        List<M> list = new ArrayList<>(messages.size());
        for (M m : messages) {
            if (m == null) {
                throw new IllegalArgumentException("conversation '" + conversationId + "': a message is null; "
                        + "nothing was written");
            }
            list.add(m);
            encoded.add(null); // encoded lazily: the common call re-sends what it read, compared by identity
        }
        locks.lock(conversationId);
        try {
            Snapshot<M> base = bases.get().get(conversationId);
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                // First try on the cached state without asking the store: if another writer changed it, the
                // manifest's ifMatch fails (a stale version is refused even where racing writers are not) and the
                // retry reads the store. Saves a request per update on S3.
                Snapshot<M> cached = attempt == 0 ? cache.get(conversationId) : null;
                Snapshot<M> current = cached != null ? cached : current(conversationId);
                if (base == null) {
                    base = current; // never read by this thread: a plain replacement of what is stored
                }
                Snapshot<M> next;
                if (extendsState(conversationId, list, encoded, base)) {
                    if (list.size() == base.size()) {
                        bases.get().put(conversationId, current);
                        return; // nothing new (and nothing lost: a newer state stays)
                    }
                    next = append(conversationId, dir, current, list.subList(base.size(), list.size()),
                            encode(conversationId, list, encoded, base.size()));
                } else if (base.sameState(current)) {
                    next = rewrite(conversationId, dir, current, list, encode(conversationId, list, encoded, 0));
                } else {
                    throw new ConversationConflictException(conversationId, "this update replaces messages, but "
                            + "another writer changed the conversation after this thread read it; nothing was "
                            + "written — read it again and apply the change to what it holds now");
                }
                if (next != null) {
                    cache.put(conversationId, next);
                    bases.get().put(conversationId, next);
                    return;
                }
                // Another writer committed first: retry from its state (an extension is re-based on it), after a
                // random pause that grows with each lost race, so eight writers hammering one conversation do not
                // starve one of them.
                backOff(attempt);
            }
            throw new ConversationConflictException(conversationId, "other writers committed first "
                    + MAX_ATTEMPTS + " times in a row; nothing was written by this update — retry it");
        } finally {
            locks.unlock(conversationId);
        }
    }

    /**
     * Deletes the conversation. The manifest goes first, so after a crash the conversation is gone or whole; its
     * other files may remain and are deleted by the next {@code delete}.
     */
    public void delete(String conversationId) throws IOException {
        VPath dir = folderOf(conversationId);
        locks.lock(conversationId);
        try {
            cache.remove(conversationId);
            bases.get().remove(conversationId);
            fs.deleteIfExists(dir.resolve(Manifest.FILE));
            if (fs.exists(dir)) {
                fs.deleteRecursively(dir);
            }
        } finally {
            locks.unlock(conversationId);
        }
    }

    /** The ids of the stored conversations (those with a manifest), in folder-name order. */
    public List<String> ids() throws IOException {
        if (!fs.exists(root)) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        List<DirEntry> entries;
        try (Stream<DirEntry> s = fs.list(root)) {
            entries = s.filter(DirEntry::isDirectory).toList();
        }
        for (DirEntry e : entries) {
            String name = e.name();
            Optional<String> id = ConversationNames.decode(name);
            if (id.isEmpty() && !ConversationNames.isHashed(name)) {
                continue; // not a conversation folder
            }
            VPath manifest = e.path().resolve(Manifest.FILE);
            if (id.isPresent()) {
                if (fs.exists(manifest)) {
                    ids.add(id.get());
                }
            } else {
                try {
                    ids.add(Manifest.parse(manifest, fs.read(manifest)).id());
                } catch (NoSuchFileException gone) {
                    // deleted meanwhile, or a creation cut by a crash before its commit: no conversation
                }
            }
        }
        return ids;
    }

    // ------------------------------------------------------------------ reading

    /** The committed state now: one {@code stat} if the cached state is still current. */
    private Snapshot<M> current(String id) throws IOException {
        VPath dir = folderOf(id);
        VPath manifestPath = dir.resolve(Manifest.FILE);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Version version;
            try {
                // stat before read: if the manifest changes in between, the version is older than the bytes and
                // the next ifMatch fails (a retry), never the reverse (a commit over a state never seen).
                FileStat st = fs.stat(manifestPath);
                version = st.version();
            } catch (NoSuchFileException e) {
                return Snapshot.absent();
            }
            Snapshot<M> cached = cache.get(id);
            if (cached != null && version.equals(cached.version())) {
                return cached;
            }
            Manifest manifest;
            try {
                manifest = Manifest.parse(manifestPath, fs.read(manifestPath));
            } catch (NoSuchFileException deletedMeanwhile) {
                continue;
            }
            if (!manifest.id().equals(id)) {
                throw new VikingFsException(manifestPath.toString(), "this folder holds conversation '"
                        + manifest.id() + "', not '" + id + "' (a SHA-256 collision, or a folder renamed by hand); "
                        + "move it back to its own name");
            }
            List<String> json;
            if (manifest.count() == 0) {
                json = List.of();
            } else {
                VPath log = dir.resolve(ConversationLog.fileName(manifest.gen()));
                RecordLog records;
                try {
                    records = fs.readRecords(log);
                } catch (NoSuchFileException replacedMeanwhile) {
                    // A rewrite committed a new generation and deleted this one after our stat: read again.
                    if (version.equals(fs.stat(manifestPath).version())) {
                        throw new VikingFsException(log.toString(), "conversation '" + id + "' names this log "
                                + "generation in its manifest, but it is missing (deleted outside VikingFS?)");
                    }
                    continue;
                }
                json = ConversationLog.committed(log, records, manifest);
            }
            List<M> messages = new ArrayList<>(json.size());
            for (String j : json) {
                messages.add(codec.decode(j));
            }
            Snapshot<M> s = new Snapshot<>(version, manifest, json, messages);
            cache.put(id, s);
            return s;
        }
        throw new VikingFsException(manifestPath.toString(), "conversation '" + id + "' changed " + MAX_ATTEMPTS
                + " times while being read; retry");
    }

    // ------------------------------------------------------------------ writing

    /** Appends {@code added} after {@code current} and commits; null if another writer committed first. */
    private Snapshot<M> append(String id, VPath dir, Snapshot<M> current, List<M> added, List<JsonNode> json)
            throws IOException {
        if (!current.exists()) {
            return rewrite(id, dir, current, added, json);
        }
        Manifest was = current.manifest();
        String batch = newId();
        List<String> records = new ArrayList<>(json.size());
        for (JsonNode m : json) {
            records.add(ConversationLog.record(batch, was.head(), m));
        }
        // Durable before the manifest names them: no crash can leave a manifest pointing at lost records.
        fs.appendAll(dir.resolve(ConversationLog.fileName(was.gen())), records, true);
        Manifest next = new Manifest(id, was.gen(), batch, was.count() + added.size());
        return commit(dir, current, next, concat(current.json(), toStrings(json)), concat(current.messages(), added));
    }

    /** Writes {@code messages} as a new generation and commits it; null if another writer committed first. */
    private Snapshot<M> rewrite(String id, VPath dir, Snapshot<M> current, List<M> messages, List<JsonNode> json)
            throws IOException {
        String gen = newId();
        // An empty generation has no batch: its head is the root, so the next append's parent is "" too.
        String batch = messages.isEmpty() ? "" : newId();
        VPath log = dir.resolve(ConversationLog.fileName(gen));
        if (!messages.isEmpty()) {
            List<String> records = new ArrayList<>(json.size());
            for (JsonNode m : json) {
                records.add(ConversationLog.record(batch, "", m));
            }
            fs.appendAll(log, records, true);
        }
        Snapshot<M> next = commit(dir, current, new Manifest(id, gen, batch, messages.size()),
                toStrings(json), messages);
        VPath obsolete = next == null ? log
                : current.exists() ? dir.resolve(ConversationLog.fileName(current.manifest().gen())) : null;
        if (obsolete != null) {
            try {
                fs.deleteIfExists(obsolete); // a generation no manifest names: garbage, never read
            } catch (IOException e) {
                LOG.warn("{}: could not delete an unused log generation ({}); it is never read, delete it later",
                        obsolete, e.toString());
            }
        }
        return next;
    }

    private Snapshot<M> commit(VPath dir, Snapshot<M> current, Manifest next, List<String> json, List<M> messages)
            throws IOException {
        Precondition expected = current.exists() ? Precondition.ifMatch(current.version()) : Precondition.ifAbsent();
        Version v;
        try {
            v = fs.atomicWrite(dir.resolve(Manifest.FILE), next.toBytes(), WriteOptions.precondition(expected));
        } catch (PreconditionFailedException raced) {
            return null;
        }
        return new Snapshot<>(v, next, json, messages);
    }

    // ------------------------------------------------------------------ comparing

    /** Whether {@code list} starts with {@code base}'s messages (same object, or the same JSON). */
    private boolean extendsState(String id, List<M> list, List<JsonNode> encoded, Snapshot<M> base) {
        if (list.size() < base.size()) {
            return false;
        }
        for (int i = 0; i < base.size(); i++) {
            if (list.get(i) != base.messages().get(i)
                    && !encode(id, list, encoded, i, i + 1).get(0).toString().equals(base.json().get(i))) {
                return false;
            }
        }
        return true;
    }

    private List<JsonNode> encode(String id, List<M> list, List<JsonNode> encoded, int from) {
        return encode(id, list, encoded, from, list.size());
    }

    private List<JsonNode> encode(String id, List<M> list, List<JsonNode> encoded, int from, int to) {
        for (int i = from; i < to; i++) {
            if (encoded.get(i) == null) {
                encoded.set(i, ConversationLog.parseMessage(id, codec.encode(list.get(i))));
            }
        }
        return encoded.subList(from, to);
    }

    private static <T> List<T> concat(List<? extends T> a, List<? extends T> b) {
        List<T> out = new ArrayList<>(a.size() + b.size());
        out.addAll(a);
        out.addAll(b);
        return out;
    }

    private static List<String> toStrings(List<JsonNode> nodes) {
        List<String> out = new ArrayList<>(nodes.size());
        for (JsonNode n : nodes) {
            out.add(n.toString());
        }
        return out;
    }

    private static void backOff(int attempt) throws java.io.InterruptedIOException {
        try {
            Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextInt(1 << Math.min(attempt + 1, 7)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while retrying a conversation update; "
                    + "nothing was written by it");
        }
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }

    private static <K, V> Map<K, V> lru(int capacity) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }
}
