package io.vikingfs.object;

import io.vikingfs.RecoveryReport;
import io.vikingfs.object.Resolver.Generation;
import io.vikingfs.object.client.ObjectMeta;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code recover}: one listing of the whole prefix, then for every log and every switched directory what
 * interrupted operations left behind. Logs: objects covered by a wider chunk (compaction stopped before its
 * cleanup), objects below the newest replacement or delete, a delete nothing follows, a plain object hidden by
 * a log (conversion stopped before its delete). Switched directories: generations older than the newest marker
 * and their trees, the pre-switch tree, the staging of the newest switch (when all that is left of it has its twin in the new generation),
 * and trees no marker names that are older than the grace period (younger ones may be another client's switch
 * in progress); abandoned stagings of {@code stage} ({@link Staging}). S3 writes leave no temp objects, so {@code tempFiles} is always empty. Nothing live is touched:
 * every deletion is of something no read can reach.
 */
final class Recovery {
    private final Namespace ns;
    private final SwitchProtocol switches;
    private final Staging staging;

    Recovery(Namespace ns, SwitchProtocol switches, Staging staging) {
        this.ns = ns;
        this.switches = switches;
        this.staging = staging;
    }

    RecoveryReport recover(boolean apply) throws IOException {
        String root = ns.resolver.root();
        List<ObjectMeta> all = ns.listAll(root);
        Set<String> keys = new LinkedHashSet<>();
        Set<String> logs = new LinkedHashSet<>();
        Map<String, List<ObjectMeta>> switched = new LinkedHashMap<>();
        for (ObjectMeta o : all) {
            keys.add(o.key());
            String rel = o.key().substring(root.length());
            int gen = segmentIndex(rel, Keys.GEN);
            int log = segmentIndex(rel, Keys.LOG);
            if (gen >= 0 && (log < 0 || gen < log)) {
                switched.computeIfAbsent(root + rel.substring(0, gen), k -> new ArrayList<>()).add(o);
            } else if (log >= 0) {
                int end = rel.indexOf('/', log);
                if (end > 0) {
                    logs.add(root + rel.substring(0, end + 1));
                }
            }
        }
        List<String> generations = new ArrayList<>();
        List<String> other = new ArrayList<>();
        for (String prefix : logs) {
            recoverLog(prefix, keys, apply, other);
        }
        for (Map.Entry<String, List<ObjectMeta>> e : switched.entrySet()) {
            recoverSwitched(e.getKey(), e.getValue(), apply, generations);
        }
        List<String> stagings = new ArrayList<>();
        staging.recover(all, apply, stagings, other); // last: what it deletes was judged on this listing
        return new RecoveryReport(List.of(), generations, other, apply, stagings);
    }

    /** Index of the first path segment of {@code rel} starting with {@code name}, or -1. */
    private static int segmentIndex(String rel, String name) {
        if (rel.startsWith(name)) {
            return 0;
        }
        int i = rel.indexOf("/" + name);
        return i < 0 ? -1 : i + 1;
    }

    private void recoverLog(String prefix, Set<String> keys, boolean apply, List<String> found) throws IOException {
        LogStore.Listing listing = ns.logs.listAll(prefix);
        List<String> covered = ns.logs.reclaimCovered(listing, apply);
        found.addAll(covered);
        // what is covered is gone now, or (a dry run) already reported: what lies below a reset must not name it again
        listing = apply ? ns.logs.listAll(prefix) : without(listing, covered);
        LogStore.Fold fold = ns.logs.read(prefix);
        if (fold.fromReset()) {
            found.addAll(ns.logs.reclaimBelow(listing, fold.chainStart(), apply));
            LogStore.Entry last = listing.widestEndingAt(listing.max(), 0);
            if (!fold.exists() && last != null && last.from() == fold.chainStart() && ns.logs.mayReclaim(last)) {
                // a delete that nothing follows: the log is gone, and so can its tombstone be (after all below)
                if (!apply) {
                    found.add(last.key());
                } else if (ns.logs.dropTombstone(last)) {
                    found.add(last.key());
                }
            }
        }
        String plain = plainKeyOf(prefix);
        if (fold.exists() && keys.contains(plain)) {
            found.add(plain);
            if (apply) {
                ns.client.delete(plain);
            }
        }
    }

    private static LogStore.Listing without(LogStore.Listing listing, List<String> keys) {
        List<LogStore.Entry> kept = new ArrayList<>(listing.entries());
        kept.removeIf(e -> keys.contains(e.key()));
        return new LogStore.Listing(listing.prefix(), kept, listing.max(), listing.live());
    }

    private static String plainKeyOf(String logPrefix) {
        String withoutSlash = logPrefix.substring(0, logPrefix.length() - 1);
        int cut = withoutSlash.lastIndexOf(Keys.LOG);
        return withoutSlash.substring(0, cut) + withoutSlash.substring(cut + Keys.LOG.length());
    }

    private void recoverSwitched(String dirKey, List<ObjectMeta> objects, boolean apply, List<String> found)
            throws IOException {
        Optional<Generation> newest = ns.resolver.current(dirKey);
        if (newest.isPresent()) {
            found.addAll(switches.reclaimOlder(dirKey, newest.get().number(), apply));
        }
        String current = newest.map(Generation::tree).orElse(null);
        String gens = dirKey + Keys.GEN;
        Map<String, Instant> unreferenced = new LinkedHashMap<>();
        Map<String, List<ObjectMeta>> trees = new LinkedHashMap<>();
        for (ObjectMeta o : objects) {
            String rel = o.key().substring(gens.length());
            int slash = rel.indexOf('/');
            if (rel.startsWith(Keys.GEN_TREE) && slash > 0) {
                String tree = gens + rel.substring(0, slash + 1);
                if (!tree.equals(current)) {
                    trees.computeIfAbsent(tree, k -> new ArrayList<>()).add(o);
                    Instant t = o.lastModified() == null ? Instant.EPOCH : o.lastModified();
                    unreferenced.merge(tree, t, (a, b) -> a.isAfter(b) ? a : b);
                }
            }
        }
        Instant cutoff = Instant.now().minus(ns.options.reclaimGrace());
        boolean noGrace = ns.options.reclaimGrace().isZero(); // no other client: every unreferenced tree is dead
        for (Map.Entry<String, List<ObjectMeta>> t : trees.entrySet()) {
            if ((noGrace || !unreferenced.get(t.getKey()).isAfter(cutoff)) && !isStillReferenced(dirKey, t.getKey())) {
                t.getValue().forEach(o -> found.add(o.key()));
                if (apply) {
                    ns.deleteAll(t.getValue());
                }
            }
        }
        if (newest.isEmpty()) {
            return;
        }
        String staged = newest.get().staged();
        if (!staged.isEmpty() && staged.startsWith(ns.resolver.root())) {
            // the staging of the newest switch, if its deletion was cut short: every object left has its twin
            // (same relative name, same ETag) in the generation it became, so it is a copy, not new data
            List<ObjectMeta> leftover = ns.listAll(staged);
            if (!leftover.isEmpty() && isCopiedInto(staged, leftover, newest.get().tree())) {
                leftover.forEach(o -> found.add(o.key()));
                if (apply) {
                    ns.deleteAll(leftover);
                }
            }
        }
    }

    private boolean isCopiedInto(String staged, List<ObjectMeta> leftover, String tree) throws IOException {
        Map<String, String> twins = new LinkedHashMap<>();
        for (ObjectMeta t : ns.listAll(tree)) {
            twins.put(t.key().substring(tree.length()), t.etag());
        }
        for (ObjectMeta o : leftover) {
            String rel = o.key().substring(staged.length());
            if (!rel.isEmpty() && !o.etag().equals(twins.get(rel))) {
                return false;
            }
        }
        return true;
    }

    private boolean isStillReferenced(String dirKey, String tree) throws IOException {
        return ns.resolver.current(dirKey).map(g -> g.tree().equals(tree)).orElse(false);
    }
}
