package io.vikingfs.conformance.crash;

import io.vikingfs.conformance.crash.ReferenceModel.Refused;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What each call of a workload changed, per key (a file path, or a tree root), as canonical values, from the
 * {@link ReferenceModel}. From which calls had returned at a crash point it derives the values each key may hold
 * after the crash: under a power loss, any value from the last durable change on (docs/contract.md §2: a non-durable
 * change may be lost, never torn); under a process crash, only the last one. The call in flight may or may not
 * have taken effect.
 */
final class Oracle {
    static final String ABSENT = "<absent>";

    /**
     * Key {@code key} took {@code value} when call {@code call} returned. {@code cuts} are the values a log holds
     * when a batch append is cut at a record boundary (after its first 1, 2, … records, never all of them); empty
     * for any other change. {@code movedFrom}: for a rename, the key whose file it moved here (else null).
     */
    record Event(int call, boolean durable, String value, List<String> cuts, String movedFrom) {
        Event {
            cuts = List.copyOf(cuts);
        }

        Event(int call, boolean durable, String value, List<String> cuts) {
            this(call, durable, value, cuts, null);
        }
    }

    private final Workload workload;
    private final Set<String> logs;
    private final Set<String> trees;
    private final Map<String, String> initial = new TreeMap<>();
    private final Map<String, List<Event>> events = new TreeMap<>();
    private final List<Boolean> mustSucceed = new ArrayList<>();
    private final Set<String> universe = new TreeSet<>();

    Oracle(Workload workload) {
        this.workload = workload;
        this.logs = workload.logs();
        this.trees = workload.trees();
        ReferenceModel m = new ReferenceModel();
        for (Call c : workload.setup()) {
            try {
                c.apply(m);
            } catch (Refused e) {
                throw new IllegalArgumentException(workload.name() + ": setup call " + c + " is refused: " + e.getMessage());
            }
        }
        Map<String, String> before = values(m);
        initial.putAll(before);
        for (int i = 0; i < workload.calls().size(); i++) {
            Call c = workload.calls().get(i);
            ReferenceModel next = m.copy();
            Map<String, List<String>> cuts;
            try {
                c.apply(next);
                mustSucceed.add(true);
                cuts = batchCuts(c, m);
                m = next;
            } catch (Refused e) {
                mustSucceed.add(false);
                continue;
            }
            Map<String, String> after = values(m);
            Set<String> keys = new LinkedHashSet<>(before.keySet());
            keys.addAll(after.keySet());
            for (String k : keys) {
                String a = before.getOrDefault(k, ABSENT);
                String b = after.getOrDefault(k, ABSENT);
                if (!a.equals(b)) {
                    String from = c instanceof Call.Rename r && (k.equals(r.dst()) || k.startsWith(r.dst() + "/"))
                            ? r.src() + k.substring(r.dst().length()) : null;
                    events.computeIfAbsent(k, x -> new ArrayList<>())
                            .add(new Event(i, c.durable(), b, cuts.getOrDefault(k, List.of()), from));
                }
            }
            before = after;
        }
        universe.addAll(initial.keySet());
        universe.addAll(events.keySet());
        universe.addAll(trees);
        universe.addAll(logs);
    }

    /**
     * The values a batch append leaves in its log when it is cut after each of its records but the last (none for
     * any other call, a one-record batch, or a log inside a tree, which is valued as a whole tree).
     */
    private Map<String, List<String>> batchCuts(Call c, ReferenceModel before) {
        if (!(c instanceof Call.Append a) || a.records().size() < 2 || !logs.contains(a.path())
                || treeOf(a.path()) != null) {
            return Map.of();
        }
        StringBuilder sb = new StringBuilder(before.isFile(a.path())
                ? new String(before.file(a.path()), StandardCharsets.UTF_8) : "");
        List<String> cuts = new ArrayList<>();
        for (String r : a.records().subList(0, a.records().size() - 1)) {
            sb.append(r).append('\n');
            cuts.add(logValue(sb.toString().getBytes(StandardCharsets.UTF_8)));
        }
        return Map.of(a.path(), cuts);
    }

    /** The canonical value of every key in a reference state. */
    private Map<String, String> values(ReferenceModel m) {
        Map<String, String> v = new TreeMap<>();
        for (Map.Entry<String, byte[]> e : m.files.entrySet()) {
            if (treeOf(e.getKey()) == null) {
                v.put(e.getKey(), logs.contains(e.getKey()) ? logValue(e.getValue()) : fileValue(e.getValue()));
            }
        }
        for (String t : trees) {
            if (m.isDir(t)) {
                v.put(t, treeValue(m.tree(t)));
            }
        }
        return v;
    }

    /** The tree root {@code path} lies under, or {@code null}. */
    String treeOf(String path) {
        for (String t : trees) {
            if (path.startsWith(t + "/")) {
                return t;
            }
        }
        return null;
    }

    static String fileValue(byte[] bytes) {
        StringBuilder sb = new StringBuilder("'");
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '\\' && c != '\'') {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        }
        return sb.append('\'').toString();
    }

    /** A log's value is its complete records; an empty log is no log (a lost first append). */
    static String logValue(byte[] cleanBytes) {
        return cleanBytes.length == 0 ? ABSENT : fileValue(cleanBytes);
    }

    static String logValue(List<String> records) {
        StringBuilder sb = new StringBuilder();
        for (String r : records) {
            sb.append(r).append('\n');
        }
        return logValue(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    static String treeValue(NavigableMap<String, byte[]> tree) {
        StringBuilder sb = new StringBuilder("{");
        tree.forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append(k).append('=').append(fileValue(v)));
        return sb.append('}').toString();
    }

    Workload workload() {
        return workload;
    }

    Set<String> universe() {
        return universe;
    }

    boolean isLog(String key) {
        return logs.contains(key);
    }

    boolean isTree(String key) {
        return trees.contains(key);
    }

    /** Whether the reference accepts call {@code i} (the real store must agree). */
    boolean mustSucceed(int i) {
        return mustSucceed.get(i);
    }

    List<Event> events(String key) {
        return events.getOrDefault(key, List.of());
    }

    String initial(String key) {
        return initial.getOrDefault(key, ABSENT);
    }

    /**
     * The values {@code key} may hold after a crash when calls {@code 0..returned-1} had returned and call
     * {@code inFlight} (or -1) was running. Unless {@code atomicBatches} (the store declares
     * {@code ATOMIC_BATCH_APPEND}), a batch append that may be lost may also be cut at a record boundary: under a
     * power loss, any batch after the last durable change of the key; under a process crash, the batch in flight.
     * Every value stays a prefix of the appended records that holds every durable one.
     *
     * <p>A rename not yet durable moves a file whose own earlier non-durable changes may be lost: its new name may
     * hold any value its old name could have held just before the rename. And until the rename is durable, a
     * power loss may keep the old name for the same file, so the old name may show what was written to the new
     * one since. A durable rename that returned promises its file (a directory: every file in it) whole, however
     * it was written.
     */
    Set<String> allowed(String key, int returned, int inFlight, boolean processCrash, boolean atomicBatches) {
        List<Event> done = new ArrayList<>();
        int from = 0; // the first of initial, done[0], done[1], … that may survive
        for (Event e : events(key)) {
            if (e.call() >= returned) {
                break;
            }
            done.add(e);
            if (e.durable() || processCrash) {
                from = done.size();
            }
        }
        Set<String> allowed = new LinkedHashSet<>();
        allowed.add(from == 0 ? initial(key) : done.get(from - 1).value());
        List<Event> mayBeLatest = new ArrayList<>(done.subList(from, done.size()));
        for (Event e : events(key)) {
            if (e.call() == inFlight) {
                mayBeLatest.add(e);
            }
        }
        for (Event e : mayBeLatest) {
            if (!atomicBatches) {
                allowed.addAll(e.cuts());
            }
            allowed.add(e.value());
            if (e.movedFrom() != null && !processCrash) {
                allowed.addAll(allowed(e.movedFrom(), e.call(), -1, false, atomicBatches));
            }
        }
        if (!processCrash) {
            allowed.addAll(sharedWithNewName(key, returned, inFlight, atomicBatches));
        }
        return allowed;
    }

    /** What {@code key} may show of its file written under a new name while a rename of it is not durable. */
    private Set<String> sharedWithNewName(String key, int returned, int inFlight, boolean atomicBatches) {
        Set<String> shared = new LinkedHashSet<>();
        int last = inFlight >= 0 ? inFlight : returned - 1;
        List<Call> calls = workload.calls();
        for (int r = 0; r <= last && r < calls.size(); r++) {
            if (!(calls.get(r) instanceof Call.Rename rn) || !mustSucceed(r) || rn.durable() && r < returned
                    || !(key.equals(rn.src()) || key.startsWith(rn.src() + "/"))) {
                continue;
            }
            String moved = rn.dst() + key.substring(rn.src().length());
            for (Event e : events(moved)) {
                if (e.call() > r && e.call() <= last) {
                    if (!atomicBatches) {
                        shared.addAll(e.cuts());
                    }
                    shared.add(e.value());
                }
            }
        }
        return shared;
    }

    /** Every batch cut {@code key} could show (for naming a cut batch where batches are declared atomic). */
    boolean isBatchCut(String key, String value) {
        return events(key).stream().anyMatch(e -> e.cuts().contains(value));
    }

    /** Every value {@code key} ever held in the reference (for naming which invariant a bad value breaks). */
    Set<String> history(String key) {
        Set<String> h = new LinkedHashSet<>();
        h.add(initial(key));
        events(key).forEach(e -> h.add(e.value()));
        return h;
    }
}
