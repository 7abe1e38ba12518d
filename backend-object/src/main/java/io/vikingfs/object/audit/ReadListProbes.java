package io.vikingfs.object.audit;

import io.vikingfs.VPath;
import io.vikingfs.object.client.BodyChecksum;
import io.vikingfs.object.client.ListPage;
import io.vikingfs.object.client.ListPageCheck;
import io.vikingfs.object.client.ObjectClient;
import io.vikingfs.object.client.PutMode;
import io.vikingfs.object.client.StoredObject;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the store returns, as opposed to what it does with writes: bodies read while they are overwritten, pages
 * of a delimited listing with more subdirectories than a page holds, a listing taken while a PUT is in progress,
 * and whether S3's own SHA-256 checksum is kept. The backend verifies every body and every page whatever these
 * find; they say how often it will have to, and whether it can use the store's checksum instead of metadata.
 */
final class ReadListProbes {
    private static final int[] SIZES = {64 * 1024, 256 * 1024, 1024 * 1024};
    private static final int OVERWRITES = 6;
    private static final int READERS = 2;
    private static final int PREFIXES = 12;
    private static final int PAGE = 5;
    private static final Duration HOLD = Duration.ofMillis(300);
    private static final String NO_PROBES = "this client sends only the ObjectClient requests (no AuditProbes given)";

    private final ObjectClient client;
    private final Optional<AuditProbes> probes;
    private final Scratch scratch;
    private final ExecutorService executor;
    private final ConsistencyProbes consistency;

    ReadListProbes(ObjectClient client, Optional<AuditProbes> probes, Scratch scratch, ExecutorService executor,
                   ConsistencyProbes consistency) {
        this.client = client;
        this.probes = probes;
        this.scratch = scratch;
        this.executor = executor;
        this.consistency = consistency;
    }

    /**
     * For each size, one writer overwrites an object {@value #OVERWRITES} times (each version one repeated byte)
     * while {@value #READERS} readers GET it: a body that is not one whole version is torn; an empty one is counted
     * apart. S3 serves every GET one whole version.
     */
    Measurement readsDuringOverwrites() {
        long reads = 0;
        long torn = 0;
        long empty = 0;
        try {
            for (int size : SIZES) {
                String key = scratch.key("reads/" + size);
                client.put(key, version(size, 0), PutMode.OVERWRITE);
                AtomicBoolean writing = new AtomicBoolean(true);
                AtomicLong r = new AtomicLong();
                AtomicLong t = new AtomicLong();
                AtomicLong e = new AtomicLong();
                List<Future<?>> readers = new ArrayList<>();
                for (int i = 0; i < READERS; i++) {
                    readers.add(executor.submit(() -> {
                        do {
                            Optional<StoredObject> o = client.get(key);
                            r.incrementAndGet();
                            byte[] b = o.map(StoredObject::data).orElse(new byte[0]);
                            if (b.length == 0) {
                                e.incrementAndGet();
                            } else if (!isWholeVersion(b, size)) {
                                t.incrementAndGet();
                            }
                        } while (writing.get());
                        return null;
                    }));
                }
                try {
                    for (int v = 1; v <= OVERWRITES; v++) {
                        client.put(key, version(size, v), PutMode.OVERWRITE);
                    }
                } finally {
                    writing.set(false);
                }
                for (Future<?> f : readers) {
                    f.get();
                }
                reads += r.get();
                torn += t.get();
                empty += e.get();
            }
        } catch (Exception e) {
            return Measurement.failed(Primitive.READ_DURING_OVERWRITE, e);
        }
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("reads", reads);
        c.put("torn", torn);
        c.put("empty", empty);
        String what = reads + " GETs racing " + OVERWRITES + " overwrites each of 64 KiB, 256 KiB and 1 MiB objects: "
                + torn + " torn, " + empty + " empty";
        return torn + empty == 0 ? new Measurement(Primitive.READ_DURING_OVERWRITE, Outcome.OK, what, c)
                : new Measurement(Primitive.READ_DURING_OVERWRITE, Outcome.WRONG, what
                + " (the backend checks every body against its checksum and reads it again)", c);
    }

    private static byte[] version(int size, int v) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) ('a' + v));
        return b;
    }

    private static boolean isWholeVersion(byte[] b, int size) {
        if (b.length != size) {
            return false;
        }
        for (byte x : b) {
            if (x != b[0]) {
                return false;
            }
        }
        return b[0] >= 'a' && b[0] <= 'a' + OVERWRITES;
    }

    /**
     * {@value #PREFIXES} subdirectories and 3 files listed with the '/' delimiter in pages of {@value #PAGE}: each
     * page must keep the rules the backend checks (no more entries than asked, none repeated, all after the
     * previous page) and together they must give every entry once.
     */
    Measurement delimitedPages() {
        try {
            String dir = scratch.dir("pages/");
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < PREFIXES; i++) {
                String sub = String.format("d%02d/", i);
                client.put(scratch.key("pages/" + sub + "x"), ConditionalWriteProbes.bytes(sub), PutMode.OVERWRITE);
                expected.add(dir + sub);
            }
            for (int i = 0; i < 3; i++) {
                client.put(scratch.key("pages/f" + i), ConditionalWriteProbes.bytes("f" + i), PutMode.OVERWRITE);
                expected.add(dir + "f" + i);
            }
            consistency.settle(dir, PREFIXES + 3); // a lagging listing is another row's finding, not this one's
            expected.sort(VPath::compareNames);
            List<String> seen = new ArrayList<>();
            String firstDefect = null;
            long badPages = 0;
            long pages = 0;
            String after = null;
            for (int guard = 0; guard < 100; guard++) {
                ListPage p = client.list(dir, "/", after, PAGE);
                pages++;
                String defect = ListPageCheck.defect(dir, "/", after, PAGE, p);
                if (defect != null) {
                    badPages++;
                    firstDefect = firstDefect == null ? defect : firstDefect;
                }
                List<String> page = ConsistencyProbes.entries(p);
                seen.addAll(page);
                if (!p.truncated() || page.isEmpty()) {
                    break;
                }
                after = page.get(page.size() - 1);
            }
            long lost = expected.stream().filter(k -> !seen.contains(k)).count();
            long repeated = seen.size() - new TreeSet<>(seen).size();
            Map<String, Long> c = new LinkedHashMap<>();
            c.put("entries", (long) expected.size());
            c.put("pages", pages);
            c.put("brokenPages", badPages);
            c.put("lost", lost);
            c.put("repeated", repeated);
            String what = PREFIXES + " subdirectories and 3 files in pages of " + PAGE + ": " + pages + " pages, "
                    + badPages + " broken, " + lost + " entries lost, " + repeated + " repeated";
            if (badPages == 0 && lost == 0 && repeated == 0) {
                return new Measurement(Primitive.LIST_DELIMITED_PAGES, Outcome.OK, what, c);
            }
            return new Measurement(Primitive.LIST_DELIMITED_PAGES, Outcome.WRONG, what
                    + (firstDefect == null ? "" : "; first broken page: " + firstDefect)
                    + " (the backend lists this store without a delimiter)", c);
        } catch (IOException | RuntimeException e) {
            return Measurement.failed(Primitive.LIST_DELIMITED_PAGES, e);
        }
    }

    /**
     * A PUT held open mid-body while its directory is listed: S3 lists an object only once its PUT completed, so the
     * listing must show the one key written before and nothing else.
     */
    Measurement listingDuringPut() {
        if (probes.isEmpty()) {
            return Measurement.notProbed(Primitive.LIST_IN_FLIGHT, NO_PROBES);
        }
        try {
            String dir = scratch.dir("inflight/");
            String before = scratch.key("inflight/before");
            client.put(before, ConditionalWriteProbes.bytes("before"), PutMode.OVERWRITE);
            List<String> listed = new ArrayList<>();
            probes.get().putHeldOpen(scratch.key("inflight/object"), new byte[64 * 1024], PutMode.OVERWRITE, HOLD, () -> {
                ListPage p = client.list(dir, null, null, 1000);
                p.objects().forEach(o -> listed.add(o.key()));
            });
            List<String> extra = listed.stream().filter(k -> !k.equals(before)).toList();
            // a temp object left behind by the store is removed with the scratch prefix
            Map<String, Long> c = new LinkedHashMap<>();
            c.put("listed", (long) listed.size());
            c.put("inFlightListed", (long) extra.size());
            if (extra.isEmpty()) {
                return new Measurement(Primitive.LIST_IN_FLIGHT, Outcome.OK, "a listing during a PUT held open "
                        + HOLD.toMillis() + " ms showed only the completed object", c);
            }
            return new Measurement(Primitive.LIST_IN_FLIGHT, Outcome.WRONG, "a listing during a PUT held open "
                    + HOLD.toMillis() + " ms showed " + extra.stream().map(k -> k.substring(dir.length())).toList()
                    + " besides the completed object (the backend lists a name of the shape <name>-<uuid> only if"
                    + " a HEAD finds it)", c);
        } catch (IOException | RuntimeException e) {
            return Measurement.failed(Primitive.LIST_IN_FLIGHT, e);
        }
    }

    /** A PUT with {@code x-amz-checksum-sha256}, then a HEAD asking for it: kept and returned, or not. */
    Measurement nativeChecksum() {
        if (probes.isEmpty()) {
            return Measurement.notProbed(Primitive.NATIVE_CHECKSUM, NO_PROBES);
        }
        byte[] body = ConditionalWriteProbes.bytes("checksummed");
        String sent = BodyChecksum.hexToBase64(BodyChecksum.sha256Hex(body));
        try {
            Optional<String> back = probes.get().putWithChecksum(scratch.key("checksum/object"), body, sent);
            if (back.isEmpty()) {
                return new Measurement(Primitive.NATIVE_CHECKSUM, Outcome.IGNORED, "accepted, but a HEAD with"
                        + " x-amz-checksum-mode: ENABLED returned no checksum (the backend keeps the SHA-256 as user"
                        + " metadata x-amz-meta-vfs-sha256)", Map.of("kept", 0L));
            }
            boolean same = back.get().equals(sent);
            return new Measurement(Primitive.NATIVE_CHECKSUM, same ? Outcome.OK : Outcome.WRONG, same
                    ? "kept and returned: the backend sends it with every single-part PUT and checks reads against it"
                    : "returned " + back.get() + " for a body whose SHA-256 is " + sent, Map.of("kept", same ? 1L : 0L));
        } catch (FeatureRefusedException e) {
            return new Measurement(Primitive.NATIVE_CHECKSUM, Outcome.REFUSED, "refused: " + e.getMessage()
                    + " (the backend keeps the SHA-256 as user metadata x-amz-meta-vfs-sha256)", Map.of("kept", 0L));
        } catch (IOException | RuntimeException e) {
            return Measurement.failed(Primitive.NATIVE_CHECKSUM, e);
        }
    }
}
