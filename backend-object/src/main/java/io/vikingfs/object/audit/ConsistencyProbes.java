package io.vikingfs.object.audit;

import io.vikingfs.VPath;
import io.vikingfs.object.client.ListPage;
import io.vikingfs.object.client.ObjectClient;
import io.vikingfs.object.client.ObjectMeta;
import io.vikingfs.object.client.PutMode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Measures read-after-write, list-after-write, listing order and pagination. */
final class ConsistencyProbes {
    /**
     * Names whose UTF-8 byte order differs from naive orders: case, punctuation around '/', Latin-1, a BMP
     * character above the surrogates (U+FF5E) and one outside the BMP (U+1F600), which UTF-16 order puts first.
     */
    static final List<String> ORDER_NAMES = List.of("A", "B", "Z", "aa", "a-b", "a.b", "a/b", "a0", "a~", "b", "~",
            "\u00e9", "\u00ff", "\uff5e", "\ud83d\ude00", "zz");
    private static final int WRITES = 10;
    private static final int LIST_KEYS = 8;
    private static final int PAGE = 3;

    private final ObjectClient client;
    private final Scratch scratch;
    private final AuditOptions options;

    ConsistencyProbes(ObjectClient client, Scratch scratch, AuditOptions options) {
        this.client = client;
        this.scratch = scratch;
        this.options = options;
    }

    Measurement readAfterWrite() {
        String key = scratch.key("raw/object");
        long staleReads = 0;
        long staleHeads = 0;
        long readsAfterDelete = 0;
        long converged = 0;
        try {
            for (int i = 0; i < WRITES; i++) {
                byte[] body = ConditionalWriteProbes.bytes("version " + i);
                ObjectMeta put = client.put(key, body, PutMode.OVERWRITE);
                if (!client.get(key).map(o -> Arrays.equals(o.data(), body)).orElse(false)) {
                    staleReads++;
                    converged += waitFor(() -> client.get(key).map(o -> Arrays.equals(o.data(), body)).orElse(false));
                }
                if (!client.head(key).map(m -> m.etag().equals(put.etag())).orElse(false)) {
                    staleHeads++;
                }
            }
            client.delete(key);
            if (client.get(key).isPresent()) {
                readsAfterDelete++;
                converged += waitFor(() -> client.get(key).isEmpty());
            }
        } catch (IOException | RuntimeException e) {
            return Measurement.failed(Primitive.READ_AFTER_WRITE, e);
        }
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("writes", (long) WRITES);
        c.put("staleReads", staleReads);
        c.put("staleHeads", staleHeads);
        c.put("readsAfterDelete", readsAfterDelete);
        long bad = staleReads + staleHeads + readsAfterDelete;
        if (bad == 0) {
            return new Measurement(Primitive.READ_AFTER_WRITE, Outcome.OK, WRITES
                    + " overwrites each read back at once (GET and HEAD); a delete was seen at once", c);
        }
        String detail = staleReads + " of " + WRITES + " GETs and " + staleHeads + " HEADs right after a PUT returned"
                + " an older version; " + readsAfterDelete + " GETs after a delete still found the object";
        return new Measurement(Primitive.READ_AFTER_WRITE, converged == staleReads + readsAfterDelete
                ? Outcome.LAGGING : Outcome.WRONG, detail, c);
    }

    Measurement listAfterWrite() {
        String dir = scratch.dir("law/");
        try {
            List<String> written = new ArrayList<>();
            for (int i = 0; i < LIST_KEYS; i++) {
                String k = scratch.key("law/k" + i);
                client.put(k, ConditionalWriteProbes.bytes("k" + i), PutMode.OVERWRITE);
                written.add(k);
            }
            List<String> first = listKeys(dir);
            long missing = written.stream().filter(k -> !first.contains(k)).count();
            long writeLagMs = missing == 0 ? 0 : waitMillis(() -> listKeys(dir).containsAll(written));
            List<String> deleted = written.subList(0, LIST_KEYS / 2);
            for (String k : deleted) {
                client.delete(k);
            }
            List<String> after = listKeys(dir);
            long stale = deleted.stream().filter(after::contains).count();
            long deleteLagMs = stale == 0 ? 0 : waitMillis(() -> listKeys(dir).stream().noneMatch(deleted::contains));
            Map<String, Long> c = new LinkedHashMap<>();
            c.put("written", (long) LIST_KEYS);
            c.put("missingRightAfterWrite", missing);
            c.put("writeVisibleAfterMs", writeLagMs);
            c.put("deleted", (long) deleted.size());
            c.put("listedRightAfterDelete", stale);
            c.put("deleteVisibleAfterMs", deleteLagMs);
            if (missing == 0 && stale == 0) {
                return new Measurement(Primitive.LIST_AFTER_WRITE, Outcome.OK, "a listing right after " + LIST_KEYS
                        + " PUTs showed all of them; right after " + deleted.size() + " deletes, none of them", c);
            }
            String detail = "right after the writes, " + missing + " of " + LIST_KEYS + " acknowledged PUTs were missing"
                    + lag(writeLagMs) + "; right after the deletes, " + stale + " of " + deleted.size()
                    + " deleted keys were still listed" + lag(deleteLagMs);
            return new Measurement(Primitive.LIST_AFTER_WRITE, Outcome.LAGGING, detail, c);
        } catch (IOException | RuntimeException e) {
            return Measurement.failed(Primitive.LIST_AFTER_WRITE, e);
        }
    }

    private String lag(long ms) {
        return ms == 0 ? "" : ms < 0 ? " (still so after " + options.listingLagWait().toMillis() + " ms)"
                : " (caught up after ~" + ms + " ms)";
    }

    Measurement listOrder() {
        try {
            String dir = scratch.dir("order/");
            for (String n : ORDER_NAMES) {
                client.put(scratch.key("order/" + n), ConditionalWriteProbes.bytes(n), PutMode.OVERWRITE);
            }
            settle(dir, ORDER_NAMES.size());
            List<String> listed = listKeys(dir).stream().map(k -> k.substring(dir.length())).toList();
            List<String> expected = ORDER_NAMES.stream().sorted(VPath::compareNames).toList();
            Map<String, Long> c = new LinkedHashMap<>();
            c.put("keys", (long) ORDER_NAMES.size());
            c.put("listed", (long) listed.size());
            if (listed.equals(expected)) {
                c.put("onlyOutsideBmp", 0L);
                return new Measurement(Primitive.LIST_ORDER, Outcome.OK, ORDER_NAMES.size()
                        + " names (case, punctuation, Latin-1, U+FF5E, an emoji) listed in UTF-8 byte order", c);
            }
            boolean utf16 = listed.equals(ORDER_NAMES.stream().sorted(Comparator.naturalOrder()).toList());
            c.put("onlyOutsideBmp", utf16 ? 1L : 0L);
            return new Measurement(Primitive.LIST_ORDER, Outcome.WRONG, "listed " + printable(listed)
                    + ", expected " + printable(expected) + (utf16 ? " (UTF-16 order)" : ""), c);
        } catch (IOException | RuntimeException e) {
            return Measurement.failed(Primitive.LIST_ORDER, e);
        }
    }

    /**
     * Pages of {@value #PAGE} keys through the order/ keys (must concatenate to the full listing, no key lost or
     * repeated, truncated exactly when more follow), then pages of 2 with the '/' delimiter over a small tree
     * (objects and common prefixes each exactly once). Runs after {@link #listOrder()}.
     */
    Measurement listPagination() {
        try {
            String dir = scratch.dir("order/");
            List<String> full = listKeys(dir);
            List<String> paged = new ArrayList<>();
            long oversizedPages = 0;
            long wrongTruncation = 0;
            String after = null;
            for (int guard = 0; guard < 1000; guard++) {
                ListPage p = client.list(dir, null, after, PAGE);
                oversizedPages += p.objects().size() > PAGE ? 1 : 0;
                p.objects().forEach(o -> paged.add(o.key()));
                // A page that says "no more" while keys remain loses them; one that says "more" at the very end
                // only costs an empty extra page (the SPI allows it), so only the first counts as wrong.
                if (!p.truncated() && paged.size() < full.size()) {
                    wrongTruncation++;
                }
                if (!p.truncated() || p.objects().isEmpty()) {
                    break;
                }
                after = p.objects().get(p.objects().size() - 1).key();
            }
            String tree = scratch.dir("tree/");
            List<String> files = List.of("a", "x/1", "x/2", "y", "z/1", "z/deep/2");
            for (String f : files) {
                client.put(scratch.key("tree/" + f), ConditionalWriteProbes.bytes(f), PutMode.OVERWRITE);
            }
            settle(tree, files.size());
            List<String> rolled = new ArrayList<>();
            after = null;
            for (int guard = 0; guard < 1000; guard++) {
                ListPage p = client.list(tree, "/", after, 2);
                List<String> page = entries(p);
                rolled.addAll(page);
                if (!p.truncated() || page.isEmpty()) {
                    break;
                }
                after = page.get(page.size() - 1);
            }
            List<String> rolledExpected = List.of(tree + "a", tree + "x/", tree + "y", tree + "z/");
            Set<String> seen = new HashSet<>(paged);
            long repeated = paged.size() - seen.size() + (rolled.size() - new HashSet<>(rolled).size());
            long lost = full.stream().filter(k -> !seen.contains(k)).count()
                    + rolledExpected.stream().filter(k -> !rolled.contains(k)).count();
            Map<String, Long> c = new LinkedHashMap<>();
            c.put("keys", (long) full.size());
            c.put("pageSize", (long) PAGE);
            c.put("lost", lost);
            c.put("repeated", repeated);
            c.put("oversizedPages", oversizedPages);
            c.put("pagesEndingEarly", wrongTruncation);
            // pages without a delimiter are what the backend falls back to when delimited ones are broken
            c.put("flatPagesOk", oversizedPages == 0 && wrongTruncation == 0 && paged.equals(full) ? 1L : 0L);
            boolean ok = lost == 0 && repeated == 0 && oversizedPages == 0 && wrongTruncation == 0
                    && paged.equals(full) && new HashSet<>(rolled).equals(new HashSet<>(rolledExpected));
            if (ok) {
                return new Measurement(Primitive.LIST_PAGINATION, Outcome.OK, full.size() + " keys in pages of " + PAGE
                        + " and a '/'-delimited tree in pages of 2: nothing lost or repeated", c);
            }
            return new Measurement(Primitive.LIST_PAGINATION, Outcome.WRONG, "paging lost " + lost + " and repeated "
                    + repeated + " keys or prefixes, " + oversizedPages + " pages over the limit, " + wrongTruncation
                    + " pages that ended the listing early (delimited pages gave " + printable(rolled) + ")", c);
        } catch (IOException | RuntimeException e) {
            return Measurement.failed(Primitive.LIST_PAGINATION, e);
        }
    }

    /**
     * S3 keys are flat: {@code x} and {@code x/y} may both exist. Stores that map keys to files (S3Proxy's
     * filesystem-style blob stores among them) cannot hold both, which breaks any layout that nests objects
     * under an object's name.
     */
    Measurement nestedKeys() {
        String outer = scratch.key("nested/x");
        String inner = scratch.key("nested/x/y");
        String order = "x then x/y";
        try {
            client.put(outer, ConditionalWriteProbes.bytes("outer"), PutMode.OVERWRITE);
            try {
                client.put(inner, ConditionalWriteProbes.bytes("inner"), PutMode.OVERWRITE);
                client.delete(inner);
                client.delete(outer);
                order = "x/y then x";
                client.put(inner, ConditionalWriteProbes.bytes("inner"), PutMode.OVERWRITE);
                client.put(outer, ConditionalWriteProbes.bytes("outer"), PutMode.OVERWRITE);
            } catch (IOException e) {
                return new Measurement(Primitive.NESTED_KEYS, Outcome.WRONG, "writing " + order
                        + " failed: the store cannot hold a key and keys below it (" + e.getMessage() + ")",
                        Map.of("coexist", 0L));
            }
            boolean both = client.get(outer).isPresent() && client.get(inner).isPresent();
            return both ? new Measurement(Primitive.NESTED_KEYS, Outcome.OK, "x and x/y coexist, written in either order",
                    Map.of("coexist", 1L))
                    : new Measurement(Primitive.NESTED_KEYS, Outcome.WRONG, "after writing x and x/y, one of them is gone",
                    Map.of("coexist", 0L));
        } catch (IOException | RuntimeException e) {
            return Measurement.failed(Primitive.NESTED_KEYS, e);
        }
    }

    private List<String> listKeys(String prefix) throws IOException {
        List<String> keys = new ArrayList<>();
        String after = null;
        for (int guard = 0; guard < 10_000; guard++) {
            ListPage p = client.list(prefix, null, after, 1000);
            p.objects().forEach(o -> keys.add(o.key()));
            if (!p.truncated() || p.objects().isEmpty()) {
                break;
            }
            after = p.objects().get(p.objects().size() - 1).key();
        }
        return keys;
    }

    /**
     * Order and paging are judged on a settled listing: waits (up to the lag wait) until {@code count} keys show,
     * so a lagging store is reported once, as lagging, not again as mis-ordered.
     */
    /** A delimited page's keys and common prefixes together, in UTF-8 order. */
    static List<String> entries(ListPage p) {
        List<String> page = new ArrayList<>();
        p.objects().forEach(o -> page.add(o.key()));
        page.addAll(p.commonPrefixes());
        page.sort(VPath::compareNames);
        return page;
    }

    /** Waits (up to the lag wait) until a flat listing of {@code dir} shows {@code count} keys. */
    void settle(String dir, int count) throws IOException {
        if (listKeys(dir).size() != count) {
            waitMillis(() -> listKeys(dir).size() == count);
        }
    }

    private interface Check {
        boolean holds() throws IOException;
    }

    /** Polls {@code check} until it holds or the lag wait ends: elapsed ms, or -1 if it never held. */
    private long waitMillis(Check check) throws IOException {
        long start = System.nanoTime();
        long deadline = start + options.listingLagWait().toNanos();
        while (System.nanoTime() < deadline) {
            Scratch.pause(20);
            if (check.holds()) {
                return Math.max(1, (System.nanoTime() - start) / 1_000_000);
            }
        }
        return -1;
    }

    private long waitFor(Check check) throws IOException {
        return waitMillis(check) >= 0 ? 1 : 0;
    }

    private static String printable(List<String> names) {
        StringBuilder sb = new StringBuilder("[");
        for (String n : names) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            n.codePoints().forEach(cp -> sb.append(cp < 0x20 || cp > 0x7e ? String.format("\\u{%x}", cp)
                    : Character.toString(cp)));
        }
        return sb.append(']').toString();
    }
}
