package io.vikingfs.memory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;

/**
 * What a power loss may keep of a store: the synced state (per file its synced bytes, per directory its synced
 * entries) kept apart from the ordered list of changes made since ({@link Step}s), as Pebble's crashable MemFS
 * does. The live state is the synced state with every pending step applied.
 *
 * <p>The rules (docs/contract.md §3), applied by {@link Snapshot#materialize}: each pending change persists or
 * not independently, except that one file's data steps persist as a prefix (a later write of a file never lands
 * without the earlier ones: appended bytes persist as a prefix), and that prefix may itself be torn — cut short,
 * the rest zero-filled. What a directory change is depends on the {@link CrashOptions.Model}, chosen per crash
 * state, so one recording serves both:
 * <ul>
 *   <li>{@code JOURNALING}: a rename is one change — both of its entries together — and a sync of either of its
 *       directories makes all of it durable (the journal of ext4, XFS or btrfs commits a rename as one
 *       transaction: a rename is never seen half done). Such a step stays pending with its other directory's
 *       entry, marked {@link Step#journaled()}: always persisted under this model.</li>
 *   <li>{@code STRICT_POSIX}: each directory's edits of a step are their own change, durable only once that
 *       directory is synced; a rename across directories may persist as its new name alone (the file at both
 *       names) or its removal alone (at neither — which is why the protocols sync the target directory before
 *       the source one, and the target's own entry before the rename). A rename within one directory is one
 *       change of it ({@link Snapshot#pending(CrashOptions.Model)}).</li>
 * </ul>
 * A completed sync moves what it covered into the synced state, so it is a barrier for every later crash state.
 *
 * <p>Nodes are keyed by the underlying Jimfs file key, so hard links, renames and writes through a file opened
 * under an old name are tracked exactly. Thread-safe: its recording methods must be called holding its monitor
 * ({@link CrashableDisk} records every step so, one lock acquisition per step); the others take it themselves.
 */
final class PowerLossModel {
    enum Kind { FILE, DIRECTORY, SYMLINK }

    /** One node: a file (synced bytes), a directory (synced entries: name to node key) or a symbolic link. */
    static final class Node {
        final Kind kind;
        FileContent synced;            // FILE: bytes that survive any power loss
        FileContent current;           // FILE: bytes as the live store has them (the disk keeps no other copy)
        /** FILE: when {@link #current} last changed, in ns since the epoch; 0: not since the model saw it. */
        long modifiedNanos;
        Map<String, Object> syncedEntries;   // DIRECTORY
        Map<String, Object> currentEntries;  // DIRECTORY
        final String target;           // SYMLINK
        /**
         * FILE: how many of its data steps are pending; DIRECTORY: how many pending edits are of its entries. A sync
         * looks for them from the end of the pending steps and stops once all are found.
         */
        int pendingSteps;

        Node(Kind kind, String target) {
            this.kind = kind;
            this.target = target;
            if (kind == Kind.FILE) {
                synced = FileContent.empty();
                current = synced;
            } else if (kind == Kind.DIRECTORY) {
                syncedEntries = new LinkedHashMap<>();
                currentEntries = new LinkedHashMap<>();
            }
        }

        Node copy() {
            Node n = new Node(kind, target);
            n.synced = synced;
            n.current = current;
            if (kind == Kind.DIRECTORY) {
                n.syncedEntries = new LinkedHashMap<>(syncedEntries);
                n.currentEntries = new LinkedHashMap<>(currentEntries);
            }
            return n;
        }
    }

    /** A change to one entry: {@code name} in directory {@code dir} now names {@code node} ({@code null}: gone). */
    record Edit(Object dir, String name, Object node) {
    }

    /**
     * A write ({@code bytes} at {@code offset}) or, if {@code bytes} is null, a truncation to {@code offset}.
     * {@link FileContent#apply} does the same without copying the file; {@link #applyTo} is the plain definition it
     * is tested against. A write the disk recorded ({@link #recorded}) keeps no array of its own: its bytes are read
     * when asked for from the file's content right after it, an immutable value that holds them anyway (a copy per
     * write was ~200 bytes allocated per durable append, read only by the explorer).
     */
    static final class DataOp {
        private final long offset;
        private final byte[] bytes;
        /** For a recorded write: the file's content right after it, whose bytes at {@code offset} are the write. */
        private final FileContent after;
        /** The bytes written; -1 for a truncation. */
        private final int length;

        DataOp(long offset, byte[] bytes) {
            this(offset, bytes, null, bytes == null ? -1 : bytes.length);
        }

        private DataOp(long offset, byte[] bytes, FileContent after, int length) {
            this.offset = offset;
            this.bytes = bytes;
            this.after = after;
            this.length = length;
        }

        /** A write of {@code length} bytes at {@code offset} whose result is {@code after}. */
        static DataOp recorded(long offset, FileContent after, int length) {
            return new DataOp(offset, null, after, length);
        }

        long offset() {
            return offset;
        }

        /** The bytes written (never to be changed), or null for a truncation. */
        byte[] bytes() {
            return after != null ? after.range(Math.toIntExact(offset), length) : bytes;
        }

        /** How many bytes are written; -1 for a truncation. */
        int length() {
            return length;
        }

        byte[] applyTo(byte[] content) {
            byte[] written = bytes();
            if (written == null) {
                if (offset >= content.length) {
                    return content;
                }
                byte[] cut = new byte[(int) offset];
                System.arraycopy(content, 0, cut, 0, cut.length);
                return cut;
            }
            int end = (int) (offset + written.length);
            byte[] out = new byte[Math.max(end, content.length)];
            System.arraycopy(content, 0, out, 0, content.length);
            System.arraycopy(written, 0, out, (int) offset, written.length);
            return out;
        }

        @Override
        public String toString() {
            return length < 0 ? "DataOp[truncate to " + offset + "]" : "DataOp[" + length + " bytes at " + offset + "]";
        }
    }

    /**
     * One unsynced primitive step: data of one file ({@code file} and {@code op} set) or entries of directories
     * ({@code edits} set: those not yet synced). Immutable. Its description is made only when asked for: building
     * it (relativizing a Jimfs path) cost more than the rest of recording a write. {@code journaled}: one of its
     * directories was synced, so under the journaling model the whole step is durable; under the strict model
     * only that directory's edits were (they are no longer in {@code edits}).
     */
    record Step(long seq, Supplier<String> describer, Object file, DataOp op, List<Edit> edits, boolean journaled) {
        boolean isData() {
            return op != null;
        }

        String description() {
            return describer.get();
        }
    }

    /** What the recorded steps' paths lead to, remembered; the disk reports every change of the tree to it. */
    final PathKeys paths = new PathKeys(this::isDirectory);
    private final Path root;
    private final Object rootKey;
    private final Map<Object, Node> nodes = new HashMap<>();
    private final List<Step> pending = new ArrayList<>();
    /** Open handles per file node: a file written through a handle after its last name is gone stays modelled. */
    private final Map<Object, Integer> openHandles = new HashMap<>();
    private final int sweepSlack;
    private int nodesAfterSweep;
    /**
     * Bytes written since the last sweep, and the bytes of the files it kept: a sweep is also due once twice those
     * plus {@link #SWEEP_BYTES} were written, so a deleted log's content is dropped after a few more megabytes
     * instead of after 64 more nodes (a benchmark rolling 4 MB logs kept ~256 MB of dead content, and the garbage
     * collector's work with it, a third of a durable memory append's CPU under G1).
     */
    private long writtenSinceSweep;
    private long bytesAfterSweep;
    private static final long SWEEP_BYTES = 4L << 20;
    private long seq;

    /** Models the tree under {@code root} as it is now, everything synced (a freshly opened store). */
    PowerLossModel(Path root) throws IOException {
        this(root, 64);
    }

    /** As {@link #PowerLossModel(Path)}, sweeping unreachable nodes once there are 2 x live + {@code sweepSlack}. */
    PowerLossModel(Path root, int sweepSlack) throws IOException {
        this.sweepSlack = sweepSlack;
        this.root = root;
        this.rootKey = key(root, false);
        scan(root, rootKey);
        nodesAfterSweep = nodes.size();
    }

    private void scan(Path dir, Object dirKey) throws IOException {
        Node d = new Node(Kind.DIRECTORY, null);
        nodes.put(dirKey, d);
        List<Path> children;
        try (Stream<Path> s = Files.list(dir)) {
            children = s.toList();
        }
        for (Path child : children) {
            BasicFileAttributes a = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            Object k = a.fileKey();
            String name = child.getFileName().toString();
            d.syncedEntries.put(name, k);
            d.currentEntries.put(name, k);
            if (nodes.containsKey(k)) {
                continue;
            }
            if (a.isDirectory()) {
                scan(child, k);
            } else if (a.isSymbolicLink()) {
                nodes.put(k, new Node(Kind.SYMLINK, Files.readSymbolicLink(child).toString()));
            } else {
                Node f = new Node(Kind.FILE, null);
                f.synced = FileContent.copyOf(Files.readAllBytes(child));
                f.current = f.synced;
                nodes.put(k, f);
            }
        }
    }

    private static final LinkOption[] FOLLOW = {};
    private static final LinkOption[] NO_FOLLOW = {LinkOption.NOFOLLOW_LINKS};

    /** The identity of the node at {@code path} (its last component not followed unless {@code follow}). */
    static Object key(Path path, boolean follow) throws IOException {
        BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, follow ? FOLLOW : NO_FOLLOW);
        Object k = a.fileKey();
        if (k == null) {
            throw new IOException(path + ": the file system gives no file key; the crash model needs Jimfs");
        }
        return k;
    }

    /** How many nodes the model holds (live, or reachable by some crash state, or not yet swept). */
    synchronized int nodeCount() {
        return nodes.size();
    }

    synchronized long steps() {
        return seq;
    }

    /** Records the creation of the node now at {@code path}; returns its key. */
    Object created(Kind kind, Path path, String symlinkTarget) throws IOException {
        Object k = key(path, false); // a new node: never remembered
        paths.named(path, k);
        nodes.put(k, new Node(kind, symlinkTarget));
        edit(() -> kind.name().toLowerCase() + " created " + rel(path), List.of(paths.entry(path, k)));
        sweepIfGrown();
        return k;
    }

    void opened(Object file) {
        openHandles.merge(file, 1, Integer::sum);
    }

    void closed(Object file) {
        openHandles.computeIfPresent(file, (k, n) -> n == 1 ? null : n - 1);
    }

    /**
     * Forgets the nodes no crash state can reach, now or later, once their number has doubled (amortised O(1) per
     * created node) or the bytes written since the last sweep pass twice those it kept (amortised O(1) per
     * megabyte written). Without it every replaced or deleted file kept its bytes for the life of the store: an
     * atomicWrite leaves one dead temp-file node, a rolled log its whole content. Kept (marked): what the root
     * reaches through synced or live entries, every node a pending edit names (it may persist) and what it
     * reaches, every file with pending data (the explorer reads their bytes) or an open handle (a write through
     * it must still be recorded as a step, so the pending steps, their numbers and a seeded random crash state
     * stay what they were). A node not marked is in no directory's entries, synced or live, and named by no
     * pending edit: no crash state contains it, and no later step can name it again (a rename or link needs a
     * live name).
     */
    private void sweepIfGrown() {
        if (nodes.size() < 2 * nodesAfterSweep + sweepSlack
                && writtenSinceSweep < 2 * bytesAfterSweep + SWEEP_BYTES) {
            return;
        }
        Set<Object> marked = new HashSet<>();
        Deque<Object> todo = new ArrayDeque<>();
        todo.add(rootKey);
        todo.addAll(openHandles.keySet());
        for (Step s : pending) {
            if (s.isData()) {
                todo.add(s.file());
            } else {
                for (Edit e : s.edits()) {
                    if (e.node() != null) {
                        todo.add(e.node());
                    }
                }
            }
        }
        while (!todo.isEmpty()) {
            Object k = todo.pop();
            if (!marked.add(k)) {
                continue;
            }
            Node n = nodes.get(k);
            if (n != null && n.kind == Kind.DIRECTORY) {
                todo.addAll(n.syncedEntries.values());
                todo.addAll(n.currentEntries.values());
            }
        }
        nodes.keySet().retainAll(marked);
        nodesAfterSweep = nodes.size();
        long kept = 0;
        for (Node n : nodes.values()) {
            if (n.kind == Kind.FILE) {
                kept += n.current.length() + (n.synced != n.current ? n.synced.length() : 0);
            }
        }
        bytesAfterSweep = kept;
        writtenSinceSweep = 0;
    }

    void edit(Supplier<String> description, List<Edit> edits) {
        for (Edit e : edits) {
            Node dir = nodes.get(e.dir());
            if (dir == null) {
                continue; // a directory created outside the model's view: nothing can make it persist
            }
            put(dir.currentEntries, e);
            dir.pendingSteps++;
        }
        pending.add(new Step(++seq, description, null, null, List.copyOf(edits), false));
    }

    /** Whether {@code node} is a file the model knows (not a directory, a link, nothing or a node it never saw). */
    boolean isFile(Object node) {
        Node n = nodes.get(node);
        return n != null && n.kind == Kind.FILE;
    }

    /** Whether {@code node} is a directory the model knows. */
    boolean isDirectory(Object node) {
        Node n = nodes.get(node);
        return n != null && n.kind == Kind.DIRECTORY;
    }

    /** The kind of {@code node}, or null if it is none the model knows. */
    Kind kind(Object node) {
        Node n = nodes.get(node);
        return n == null ? null : n.kind;
    }

    /**
     * What the entry {@code e} names in the live tree: a node's key, {@link #NOTHING}, or null if its directory is
     * none the model knows.
     */
    Object named(Edit e) {
        Node dir = nodes.get(e.dir());
        if (dir == null || dir.kind != Kind.DIRECTORY) {
            return null;
        }
        Object named = dir.currentEntries.get(e.name());
        return named == null ? NOTHING : named;
    }

    /** What {@link #named} answers for an entry that names nothing. */
    static final Object NOTHING = new Object();

    /**
     * Whether the entry {@code e}, in a directory the model knows, names a file or nothing in the live tree: replacing
     * or removing it then moves no directory or link.
     */
    boolean namesAFileOrNothing(Edit e) {
        Object named = named(e);
        return named == NOTHING || named != null && isFile(named);
    }

    /**
     * The node of the file {@code file}, or null if it is none the model knows as a file. An open handle may keep
     * it: while a handle is open its node stays in the model ({@link #sweepIfGrown} keeps it) under that key, and
     * a key never names another node (Jimfs never reuses a file key).
     */
    Node fileNode(Object file) {
        Node n = nodes.get(file);
        return n != null && n.kind == Kind.FILE ? n : null;
    }

    /** Records a data step of {@code file}; {@code node} is its {@link #fileNode}, or null to look it up. */
    void data(Object file, Node node, DataOp op, Supplier<String> description) {
        Node n = node != null ? node : fileNode(file);
        if (n == null) {
            return;
        }
        n.current = n.current.apply(op); // O(bytes written) for an append: no copy of the file
        n.modifiedNanos = now();
        writtenSinceSweep += Math.max(0, op.length());
        n.pendingSteps++;
        pending.add(new Step(++seq, description, file, op, null, false));
    }

    /**
     * Records the write of {@code n} bytes of {@code src} from index {@code from} at {@code position} of
     * {@code file} (the buffer is read, not moved): the bytes are copied once, into the file's content.
     */
    void written(Object file, Node node, long position, ByteBuffer src, int from, int n, Supplier<String> description) {
        Node f = node != null ? node : fileNode(file);
        if (f == null) {
            return;
        }
        f.current = f.current.write(position, src, from, n);
        f.modifiedNanos = now();
        writtenSinceSweep += n;
        f.pendingSteps++;
        pending.add(new Step(++seq, description, file, DataOp.recorded(position, f.current, n), null, false));
    }

    /** The time a data step stamps on its file, from the clock Jimfs stamps the rest with. */
    private static long now() {
        Instant t = Instant.now();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /**
     * The file's data is durable: a barrier for every later crash state. {@code node} is its {@link #fileNode},
     * or null to look it up.
     */
    void syncFile(Object file, Node node) {
        Node n = node != null ? node : fileNode(file);
        if (n != null) {
            n.synced = n.current;
            // The file's pending data steps are durable now: dropped in place, in order.
            int from = oldest(n, step -> file.equals(step.file()) ? 1 : 0);
            dropFrom(from, step -> file.equals(step.file()));
        }
        ++seq;
    }

    /**
     * The directory's entries are durable under both models. The other directory's half of a rename stays
     * pending: under the strict model it persists only by its own directory's sync; under the journaling model
     * the step is marked {@link Step#journaled()} (the whole rename is one durable transaction).
     *
     * <p>The synced entries become the live ones by applying this directory's pending edits to them, in order — the
     * live entries are the synced ones with those edits applied — not by a copy of the live entries: in a directory
     * of 10,000 files each durable write copied 10,000 entries (167 us an in-memory atomicWrite, 4.6 us in an empty
     * directory). Both syncs find their steps from the end of the pending ones: a long run of writes with no
     * directory sync (non-durable atomic writes) made each later file sync scan all of them (1.8 ms a write after
     * 100,000).
     */
    void syncDirectory(Object dirKey) {
        Node dir = nodes.get(dirKey);
        ++seq;
        if (dir == null) {
            return;
        }
        int from = oldest(dir, s -> s.isData() ? 0 : editsOf(s, dirKey));
        for (int i = from; i < pending.size(); i++) {
            Step s = pending.get(i);
            if (s.isData()) {
                continue;
            }
            List<Edit> rest = new ArrayList<>();
            for (Edit e : s.edits()) {
                if (e.dir().equals(dirKey)) {
                    put(dir.syncedEntries, e);
                } else {
                    rest.add(e);
                }
            }
            if (rest.size() < s.edits().size()) {
                pending.set(i, new Step(s.seq(), s.describer(), null, null, List.copyOf(rest), true));
            }
        }
        dropFrom(from, s -> !s.isData() && s.edits().isEmpty());
    }

    /**
     * The index of the oldest pending step that holds one of {@code node}'s pending steps (its data steps, or its
     * entries' edits: {@code counted} says how many of them a step holds), found from the end: the walk stops once
     * all {@link Node#pendingSteps} are found, which the caller is about to make durable (the count is reset).
     */
    private int oldest(Node node, ToIntFunction<Step> counted) {
        int from = pending.size();
        for (int found = 0; found < node.pendingSteps && from > 0; ) {
            found += counted.applyAsInt(pending.get(--from));
        }
        node.pendingSteps = 0;
        return from;
    }

    /** How many of the edits of {@code step} (not a data step) are of the directory {@code dirKey}. */
    private static int editsOf(Step step, Object dirKey) {
        int n = 0;
        for (Edit e : step.edits()) {
            if (e.dir().equals(dirKey)) {
                n++;
            }
        }
        return n;
    }

    /** Removes, from index {@code from} on, the pending steps {@code gone} matches; the others keep their order. */
    private void dropFrom(int from, Predicate<Step> gone) {
        int kept = from;
        for (int i = from; i < pending.size(); i++) {
            Step step = pending.get(i);
            if (!gone.test(step)) {
                pending.set(kept++, step);
            }
        }
        pending.subList(kept, pending.size()).clear();
    }

    private static void put(Map<String, Object> entries, Edit e) {
        if (e.node() == null) {
            entries.remove(e.name());
        } else {
            entries.put(e.name(), e.node());
        }
    }

    String rel(Path path) {
        return root.relativize(path).toString();
    }

    /** An immutable copy of the model at this instant: a crash point. */
    synchronized Snapshot snapshot(String lastStep) {
        Map<Object, Node> copy = new HashMap<>();
        nodes.forEach((k, n) -> copy.put(k, n.copy()));
        return new Snapshot(root.toString(), rootKey, copy, List.copyOf(pending), seq, lastStep);
    }
}
