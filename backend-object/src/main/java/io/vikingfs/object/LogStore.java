package io.vikingfs.object;

import io.vikingfs.object.Keys.Kind;
import io.vikingfs.object.client.AppendableObjectClient;
import io.vikingfs.object.client.ListPage;
import io.vikingfs.object.client.ObjectClient;
import io.vikingfs.object.client.ObjectMeta;
import io.vikingfs.object.client.ObjectPreconditionFailedException;
import io.vikingfs.object.client.PutMode;
import io.vikingfs.object.client.StoredObject;
import io.vikingfs.spi.Jsonl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * A log as numbered objects under its prefix {@code L} (see {@link Keys}). Position <i>n</i> is claimed by
 * exactly one create-only PUT of {@code L/s-n}: an append, a replacement or a delete, each all-or-nothing and
 * ordered by its number, so racing clients never overwrite or interleave. Every {@code fanout^k} positions are
 * compacted into a chunk {@code L/ck-to} (claimed create-only too; its bytes are a pure function of the
 * immutable objects it covers), after which the covered objects are deleted — so a read touches at most
 * {@code fanout - 1} objects per level, and an append's cost does not grow with the log.
 *
 * <p><b>A claimed position is never freed while a claim could still target it.</b> A create-only PUT succeeds
 * on a deleted key, so a segment deleted right after compaction could be claimed again by a slow appender whose
 * record would then hide inside the chunk — lost. Segments are therefore kept until they are older than
 * {@link ObjectStoreOptions#reclaimGrace()} (longer than any request and its retries), and listings skip them: a log is
 * listed as its chunks plus the segments after the last chunk.
 *
 * <p><b>Requests an append saves.</b> A client's next append to a log it claimed a position in lately skips the
 * listing ({@link #appendAtTail}): a HEAD finds that position still holding a file, and the create-only PUT of
 * the next one succeeds only if nothing was claimed since — exactly what a listing just before would have let it
 * claim (why no position above can have been freed meanwhile: {@link LogTails}). A taken position costs one PUT
 * more and the usual listing. A compaction folds the objects this client stored from memory ({@link StoredBodies},
 * checked by ETag) rather than fetching them back, and continues from the listing it knows rather than a new one.
 *
 * <p>Over an {@link AppendableObjectClient} each position is an append object holding many batches instead
 * ({@link AppendObjectLog}): appends add blocks to the highest one, only a replacement, a delete or a full object
 * moves on to the next position, and nothing is compacted.
 *
 * <p>Reading walks back from the highest position, taking at each position the widest object ending there,
 * until a replacement or delete or the start: whatever lies below is garbage. A gap above that point means a
 * concurrent compaction deleted what the listing showed: list again.
 */
final class LogStore {
    private static final int MAX_REREADS = 50;
    private static final int FIRST_PAGE = 64;

    private final ObjectClient client;
    /** The append-object protocol, or {@code null}: numbered segments, one per append. */
    private final AppendObjectLog appends;
    private final int fanout;
    private final int pageSize;
    private final java.time.Duration grace;
    /** The last position this client claimed in each log, for appends that need not list it (numbered segments). */
    private final LogTails tails;
    /** What this client stored lately, for the compactions that fold it (numbered segments). */
    private final StoredBodies bodies = new StoredBodies();

    LogStore(ObjectClient client, AppendableObjectClient appendable, ObjectStoreOptions options) {
        this.client = client;
        this.appends = appendable == null ? null : new AppendObjectLog(appendable);
        this.fanout = options.compactionFanout();
        this.pageSize = options.listPageSize();
        this.grace = options.reclaimGrace();
        this.tails = new LogTails(grace);
    }

    /**
     * Whether an object may be deleted now: chunks always (no claim targets them); a segment only once it is
     * older than the grace period, so no appender can still be claiming its position (see the class comment).
     */
    private boolean reclaimable(Entry e) {
        if (e.level > 0 || grace.isZero()) {
            return true;
        }
        Instant modified = e.meta.lastModified();
        return modified != null && modified.isBefore(Instant.now().minus(grace));
    }

    /** One object of a log: a segment (level 0, one position) or a chunk of level k covering fanout^k. */
    record Entry(String key, int level, long from, long to, ObjectMeta meta) {
        boolean isDelete() {
            return meta.size() == Keys.DELETE.length;
        }
    }

    /**
     * A log's objects as one listing saw them: its chunks and the segments after the last chunk.
     *
     * @param live whether the log holds a file (the newest object that says so is no delete)
     */
    record Listing(String prefix, List<Entry> entries, long max, boolean live) {
        boolean isEmpty() {
            return entries.isEmpty();
        }

        /** The widest object ending at {@code position}, or null. */
        Entry widestEndingAt(long position, long notBelow) {
            Entry best = null;
            for (Entry e : entries) {
                if (e.to == position && e.from >= notBelow && (best == null || e.from < best.from)) {
                    best = e;
                }
            }
            return best;
        }

        /** The highest position below {@code position} where a listed object ends (0 if none). */
        long highestEndBelow(long position) {
            long h = 0;
            for (Entry e : entries) {
                if (e.to < position) {
                    h = Math.max(h, e.to);
                }
            }
            return h;
        }

        /** Whether the log holds a file. */
        boolean active() {
            return live;
        }

        /** A version token: the highest position and the ETag of the object ending there. */
        String version() {
            Entry last = widestEndingAt(max, 0);
            return "log-" + max + "-" + (last == null ? "none" : last.meta.etag());
        }

        Instant lastModified() {
            Entry last = widestEndingAt(max, 0);
            return last == null ? null : last.meta.lastModified();
        }
    }

    /** A log's content as of one listing. */
    /**
     * @param chainStart the position of the lowest object read
     * @param fromReset  whether that object is a replacement or delete (nothing below it matters)
     */
    record Fold(boolean exists, byte[] bytes, Listing listing, long chainStart, boolean fromReset) {
    }

    /**
     * Chunks, then the segments after the highest chunk: one LIST for a log without chunks (or a path that is
     * no log), two for one with chunks, however long the log. Chunks ({@code c…}) list before segments
     * ({@code s-…}) and are few, so the first page holds them all.
     */
    Listing list(String prefix) throws IOException {
        // a small first page: enough for a path that is no log, or a young log, in one request — and never a
        // page full of old segments kept for the grace period
        ListPage first = client.list(prefix, null, null, FIRST_PAGE);
        List<Entry> entries = new ArrayList<>();
        boolean onlyChunks = true;
        for (ObjectMeta m : first.objects()) {
            Entry e = parse(prefix, m);
            if (e != null) {
                entries.add(e);
                onlyChunks &= e.level > 0;
            }
        }
        if (!first.truncated()) {
            return listing(prefix, entries);
        }
        List<Entry> chunks = onlyChunks ? listRange(prefix, "c", null, Long.MAX_VALUE)
                : new ArrayList<>(entries.stream().filter(e -> e.level > 0).toList());
        long chunksEnd = chunks.stream().mapToLong(Entry::to).max().orElse(0);
        chunks.addAll(listRange(prefix, Keys.SEGMENT, chunksEnd == 0 ? null : prefix + Keys.segment(chunksEnd),
                Long.MAX_VALUE));
        return listing(prefix, chunks);
    }

    /** Every object of the log, old covered segments included (recovery). */
    Listing listAll(String prefix) throws IOException {
        return listing(prefix, listRange(prefix, "", null, Long.MAX_VALUE));
    }

    private Listing listing(String prefix, List<Entry> entries) throws IOException {
        long max = entries.stream().mapToLong(Entry::to).max().orElse(0);
        if (appends == null) {
            Entry last = new Listing(prefix, entries, max, false).widestEndingAt(max, 0);
            return new Listing(prefix, entries, max, last != null && !last.isDelete());
        }
        return new Listing(prefix, entries, max, liveSegments(entries));
    }

    /**
     * Whether a log of append-object segments holds a file, from the highest segment that decides it: a segment
     * of more than two headers' bytes holds records (a reset or delete is only ever its first block, a seal only
     * its last); a smaller one is read (one small GET) — a lone delete, or a seal alone, or nothing yet (a crash
     * between creating the segment and its first block), which leave the decision to the segment below.
     */
    private boolean liveSegments(List<Entry> entries) throws IOException {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort((a, b) -> Long.compare(b.to, a.to));
        for (Entry e : sorted) {
            if (e.meta.size() > 2L * Blocks.HEADER_BYTES) {
                return true;
            }
            if (e.meta.size() == 0) {
                continue;
            }
            Optional<StoredObject> got = client.get(e.key);
            if (got.isEmpty()) {
                continue;
            }
            List<Blocks.Block> blocks = Blocks.parse(e.key, got.get().data(), 0);
            if (blocks.stream().anyMatch(b -> b.kind() == Kind.APP || b.kind() == Kind.REP)) {
                return true;
            }
            if (!blocks.isEmpty() && blocks.get(0).kind() == Kind.DEL) {
                return false;
            }
        }
        return false;
    }

    /** The objects under {@code prefix + kind}, after {@code startAfter}, up to position {@code upTo}. */
    private List<Entry> listRange(String prefix, String kind, String startAfter, long upTo) throws IOException {
        List<Entry> entries = new ArrayList<>();
        String after = startAfter;
        while (true) {
            ListPage page = client.list(prefix + kind, null, after, pageSize);
            for (ObjectMeta m : page.objects()) {
                Entry e = parse(prefix, m);
                if (e != null) {
                    if (e.level == 0 && e.to > upTo) {
                        return entries;
                    }
                    entries.add(e);
                }
                after = m.key();
            }
            if (!page.truncated() || page.objects().isEmpty()) {
                return entries;
            }
        }
    }

    private Entry parse(String prefix, ObjectMeta m) {
        String rel = m.key().substring(prefix.length());
        try {
            if (rel.startsWith(Keys.SEGMENT) && rel.length() == Keys.SEGMENT.length() + 20) {
                long n = Long.parseLong(rel.substring(Keys.SEGMENT.length()));
                return new Entry(m.key(), 0, n, n, m);
            }
            int dash = rel.indexOf('-');
            if (rel.startsWith("c") && dash > 1 && rel.length() == dash + 21) {
                int level = Integer.parseInt(rel.substring(1, dash));
                long to = Long.parseLong(rel.substring(dash + 1));
                return new Entry(m.key(), level, to - span(level) + 1, to, m);
            }
        } catch (NumberFormatException e) {
            return null; // not one of ours: ignored, never deleted
        }
        return null;
    }

    long span(int level) {
        long s = 1;
        for (int i = 0; i < level; i++) {
            s = Math.multiplyExact(s, fanout);
        }
        return s;
    }

    /** The log's content; re-lists while concurrent compaction or cleanup moves objects underneath. */
    Fold read(String prefix) throws IOException {
        for (int attempt = 0; attempt < MAX_REREADS; attempt++) {
            Listing listing = list(prefix);
            Fold fold = fold(listing, listing.max, 1, false);
            if (fold != null) {
                return fold;
            }
        }
        throw new IOException("log " + prefix + " kept changing under " + MAX_REREADS + " consecutive reads "
                + "(objects listed were gone when fetched); retry later");
    }

    /**
     * The content of positions {@code lowest..upTo} as far down as the last reset, or null if an object listed
     * is gone (a concurrent compaction or cleanup): the caller lists again.
     *
     * @param compacting whether objects this client stored may be taken from memory ({@link StoredBodies}): a
     *                   compaction's; a read fetches every object, so the store's bytes are the ones checked
     */
    Fold fold(Listing listing, long upTo, long lowest, boolean compacting) throws IOException {
        Deque<List<Piece>> objects = new ArrayDeque<>();
        long p = upTo;
        long chainStart = 0;
        boolean fromReset = false;
        java.util.Set<Long> filled = new java.util.HashSet<>();
        while (p >= lowest) {
            Entry e = listing.widestEndingAt(p, lowest);
            if (e == null && !filled.contains(p)) {
                // a range no chunk covers (a compaction that never ran): fetch its segments
                long below = listing.highestEndBelow(p);
                String from = below == 0 ? null : listing.prefix() + Keys.segment(below);
                for (Entry seg : listRange(listing.prefix(), Keys.SEGMENT, from, p)) {
                    if (listing.widestEndingAt(seg.to, seg.from) == null) {
                        listing.entries().add(seg);
                    }
                }
                filled.add(p);
                continue;
            }
            if (e == null) {
                if (lowest == 1 && listing.highestEndBelow(p) == 0) {
                    break; // the start of the log (everything below was reclaimed)
                }
                return null;
            }
            // a compaction may take what this client stored from memory; a read always fetches (and checks) it
            byte[] data = compacting ? bodies.get(e.key, e.meta.etag()) : null;
            if (data == null) {
                Optional<StoredObject> got = client.get(e.key);
                if (got.isEmpty()) {
                    return null;
                }
                data = got.get().data();
            }
            List<Piece> pieces = pieces(e.key, data);
            objects.push(pieces);
            chainStart = e.from;
            if (!pieces.isEmpty() && pieces.get(0).kind().resets()) {
                fromReset = true;
                break;
            }
            p = e.from - 1;
        }
        boolean exists = false;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (!objects.isEmpty()) {
            for (Piece piece : objects.pop()) {
                Kind kind = piece.kind();
                if (kind == Kind.END) {
                    continue;
                }
                if (kind.resets()) {
                    out.reset();
                } else {
                    // a torn tail left by a replacement never gets a record spliced onto it
                    byte[] sofar = out.toByteArray();
                    out.reset();
                    out.write(sofar, 0, (int) Jsonl.cleanLength(sofar, sofar.length));
                }
                if (kind == Kind.DEL) {
                    exists = false;
                } else {
                    out.write(piece.body(), piece.from(), piece.to() - piece.from());
                    exists = true;
                }
            }
        }
        return new Fold(exists, out.toByteArray(), listing, chainStart, fromReset);
    }

    /** One change a log object holds: its kind and where its bytes lie in {@code body}. */
    private record Piece(Kind kind, byte[] body, int from, int to) {
    }

    /** The changes of one log object, in order: one per numbered segment or chunk, one per block of an append object. */
    private List<Piece> pieces(String key, byte[] body) throws IOException {
        if (appends != null) {
            List<Piece> pieces = new ArrayList<>();
            for (Blocks.Block b : Blocks.parse(key, body, 0)) {
                pieces.add(new Piece(b.kind(), body, b.from(), b.to()));
            }
            return pieces;
        }
        Kind kind = Keys.kindOf(body);
        if (kind == null) {
            throw new IOException("log object " + key + " is not a VikingFS log object (bad header); "
                    + "it was written by another tool — move it away or delete the log");
        }
        return List.of(kind == Kind.DEL ? new Piece(kind, body, 0, 0)
                : new Piece(kind, body, Keys.HEADER_BYTES, body.length));
    }

    /** The largest batch one append stores whole (one append block; numbered segments take any size). */
    long maxBatchBytes() {
        return appends == null ? Long.MAX_VALUE : appends.maxPayload();
    }

    /**
     * Appends {@code payload} after everything in the log: a new numbered segment, or a block of the highest
     * append object. Returns {@code null} if the listing is stale (a segment it showed is gone): list again.
     */
    Claim append(Listing listing, byte[] payload) throws IOException {
        if (appends == null) {
            return claimNext(listing.prefix, listing.max, body(Kind.APP, payload));
        }
        return appends.append(listing, payload);
    }

    /** Claims the first free position after the log's end for a change of {@code kind} (APP, REP or DEL). */
    Claim claimNext(Listing listing, Kind kind, byte[] payload) throws IOException {
        if (appends == null) {
            return claimNext(listing.prefix, listing.max, kind == Kind.DEL ? Keys.DELETE : body(kind, payload));
        }
        Listing current = listing;
        while (true) {
            Claim c = appends.claim(current, kind, payload, false);
            if (c != null) {
                return c;
            }
            current = list(listing.prefix);
        }
    }

    /** Claims exactly the position after {@code listing}'s end; null if anything changed the log since. */
    Claim claimAt(Listing listing, Kind kind, byte[] payload) throws IOException {
        if (appends == null) {
            return claimAt(listing.prefix, listing.max + 1, body(kind, payload));
        }
        return appends.claim(listing, kind, payload, true);
    }

    /**
     * Deletes a tombstone nothing follows (its log is gone). An append object is first sealed exactly where the
     * listing saw it end, so a record appended after the delete is never deleted with it.
     *
     * @return whether it was deleted
     */
    boolean dropTombstone(Entry tombstone) throws IOException {
        if (appends != null && !appends.sealExactly(tombstone.key, tombstone.meta.size())) {
            return false;
        }
        client.delete(tombstone.key);
        return true;
    }

    /** A claimed position and the ETag of what was stored there. */
    record Claim(long position, String etag) {
    }

    /**
     * Claims the first free position above {@code after} with {@code body}; returns it. Losing a race just moves
     * on to the next position, so racing appenders all land, each after what it saw.
     */
    Claim claimNext(String prefix, long after, byte[] body) throws IOException {
        long n = after + 1;
        for (int misses = 1; ; misses++) {
            Claim c = claimAt(prefix, n, body);
            if (c != null) {
                return c;
            }
            n = misses % 4 == 0 ? Math.max(n + 1, list(prefix).max + 1) : n + 1;
        }
    }

    /** Claims exactly position {@code n}; null if another request took it first. */
    Claim claimAt(String prefix, long n, byte[] body) throws IOException {
        long sent = System.nanoTime();
        String key = prefix + Keys.segment(n);
        try {
            Claim c = new Claim(n, client.put(key, body, PutMode.CREATE).etag());
            tails.claimed(prefix, n, Keys.kindOf(body) != Kind.DEL, sent);
            bodies.stored(key, c.etag(), body);
            return c;
        } catch (ObjectPreconditionFailedException taken) {
            return null;
        }
    }

    /**
     * Appends {@code payload} right after the position this client last claimed in the log, without listing it:
     * one HEAD that finds that position still holding a file, then one create-only PUT of the next position. If
     * that PUT succeeds the position was the log's end, as a listing just before would have shown it; if it is
     * taken (another client appended, replaced or deleted), or the tail is unknown, too old to trust
     * ({@link LogTails}), gone (deleted with its directory, compacted away without a grace) or a compaction is due
     * at it, nothing was written and {@code null} is returned: the caller lists the log and appends as usual.
     */
    Claim appendAtTail(String prefix, byte[] payload) throws IOException {
        if (appends != null) {
            return null; // append objects: AppendObjectLog finds the end of the highest one itself
        }
        java.util.OptionalLong known = tails.trusted(prefix);
        if (known.isEmpty() || known.getAsLong() % fanout == 0) {
            return null; // unknown, or compactIfDue has work at this position: list
        }
        long tail = known.getAsLong();
        // the tail must still be there, holding a file: a directory deleted (and a log made anew with fewer
        // positions) must not get this record past its end, nor a delete a record appended after it
        Optional<ObjectMeta> last = client.head(prefix + Keys.segment(tail));
        Claim c = last.isEmpty() || last.get().size() == Keys.DELETE.length ? null
                : claimAt(prefix, tail + 1, body(Kind.APP, payload));
        if (c == null) {
            tails.forget(prefix, tail);
        }
        return c;
    }

    static byte[] body(Kind kind, byte[] payload) {
        byte[] h = Keys.header(kind);
        byte[] b = Arrays.copyOf(h, h.length + payload.length);
        System.arraycopy(payload, 0, b, h.length, payload.length);
        return b;
    }

    /**
     * Compacts every level due at the listing's highest position (done before a new claim, so a failure here
     * fails the caller's request before it changed anything). Returns the listing to continue from.
     */
    Listing compactIfDue(Listing listing) throws IOException {
        if (appends != null) {
            return listing; // an append object holds many batches: nothing to compact
        }
        long m = listing.max;
        Listing current = listing;
        for (int level = 1; m > 0 && m % span(level) == 0; level++) {
            long from = m - span(level) + 1;
            Entry widest = current.widestEndingAt(m, 0);
            if (widest != null && widest.from <= from) {
                continue; // already compacted at this level or wider
            }
            Fold f = fold(current, m, from, true);
            if (f == null) {
                return list(listing.prefix); // moved underneath; the next claim retries
            }
            byte[] chunk = !f.exists() ? Keys.DELETE : body(f.fromReset() ? Kind.RST : Kind.CAT, f.bytes());
            String key = current.prefix + Keys.chunk(level, m);
            ObjectMeta made = null;
            try {
                made = client.put(key, chunk, PutMode.CREATE);
                bodies.stored(key, made.etag(), chunk);
            } catch (ObjectPreconditionFailedException alreadyThere) {
                // another client compacted the same range: its bytes are the same function of the same objects
            }
            List<Entry> left = new ArrayList<>();
            for (Entry e : current.entries) {
                boolean covered = e.from >= from && e.to <= m && e.level < level;
                if (covered) {
                    bodies.forget(e.key);
                    if (reclaimable(e)) {
                        client.delete(e.key);
                    }
                } else {
                    left.add(e);
                }
            }
            // the listing a LIST would give now: the chunk instead of what it covers (kept or not, a listing
            // skips it) — unless another client's chunk is there, which only a LIST shows
            current = made == null ? list(listing.prefix)
                    : listing(listing.prefix, with(left, new Entry(key, level, from, m, made)));
        }
        return current;
    }

    private static List<Entry> with(List<Entry> entries, Entry e) {
        entries.add(e);
        return entries;
    }

    /**
     * Deletes (or with {@code apply=false} only reports) what lies below position {@code floor}, superseded by a
     * reset there, as far as {@link #reclaimable} allows. Highest first, so a crash midway leaves a readable log.
     */
    List<String> reclaimBelow(Listing listing, long floor, boolean apply) throws IOException {
        List<String> gone = new ArrayList<>();
        List<Entry> sorted = new ArrayList<>(listing.entries);
        sorted.sort((a, b) -> Long.compare(b.to, a.to));
        for (Entry e : sorted) {
            if (e.to < floor && reclaimable(e)) {
                gone.add(e.key);
                if (apply) {
                    client.delete(e.key);
                }
            }
        }
        return gone;
    }

    /** Objects entirely inside a wider one (compacted), as far as {@link #reclaimable} allows. */
    List<String> reclaimCovered(Listing listing, boolean apply) throws IOException {
        List<String> gone = new ArrayList<>();
        for (Entry e : listing.entries) {
            boolean covered = listing.entries.stream().anyMatch(w -> w != e && w.from <= e.from && w.to >= e.to
                    && (w.to - w.from) > (e.to - e.from));
            if (covered && reclaimable(e)) {
                gone.add(e.key);
                if (apply) {
                    client.delete(e.key);
                }
            }
        }
        return gone;
    }

    /** Whether a listed object may be deleted now (see {@link #reclaimable}). */
    boolean mayReclaim(Entry e) {
        return reclaimable(e);
    }
}
