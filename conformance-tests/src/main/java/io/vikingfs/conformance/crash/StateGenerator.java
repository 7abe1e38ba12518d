package io.vikingfs.conformance.crash;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * The post-crash states docs/contract.md §3 asks for at one crash point: synced only; everything; every prefix of the
 * pending steps; all but one; torn appends cut at and one byte around record boundaries (the rest zero-filled,
 * or missing); seeded random subsets with random tears; and, for a write, a process crash in its middle.
 * Public so that tools exploring other workloads ({@code vikingfs-junit}) check exactly the same states.
 */
public final class StateGenerator {
    private final ExplorerOptions options;

    public StateGenerator(ExplorerOptions options) {
        this.options = options;
    }

    /** The states at {@code cp}, in a fixed order (the same seed gives the same list), without duplicates. */
    public List<PowerLossState> states(CrashPoint cp, long seed) {
        List<PendingStep> pending = cp.pending();
        int n = pending.size();
        Map<String, PowerLossState> out = new LinkedHashMap<>();
        add(out, new PowerLossState(new BitSet(), Map.of(), -1, "synced only"));
        add(out, new PowerLossState(all(n), Map.of(), -1, "everything (process crash)"));
        for (int i = 1; i < n; i++) {
            BitSet b = new BitSet();
            b.set(0, i);
            add(out, new PowerLossState(b, Map.of(), -1, "prefix of " + i + " pending steps"));
        }
        for (int i = 0; i < n; i++) {
            BitSet b = all(n);
            b.clear(i);
            add(out, new PowerLossState(b, Map.of(), -1, "all pending steps but #" + i + " (" + pending.get(i).description() + ")"));
        }
        for (String file : files(pending)) {
            for (long cut : cuts(cp, file)) {
                long size = cp.currentBytes(file).length;
                add(out, new PowerLossState(all(n), Map.of(file, new PowerLossState.Tear(cut, size)), -1,
                        "torn " + file + " at " + cut + ", zero-filled to " + size));
                add(out, new PowerLossState(all(n), Map.of(file, new PowerLossState.Tear(cut, cut)), -1,
                        "torn " + file + " at " + cut));
            }
        }
        Random rnd = new Random(seed);
        for (int r = 0; r < options.randomStatesPerPoint() && n > 0; r++) {
            BitSet b = new BitSet();
            for (int i = 0; i < n; i++) {
                if (rnd.nextBoolean()) {
                    b.set(i);
                }
            }
            Map<String, PowerLossState.Tear> tears = new LinkedHashMap<>();
            for (String file : files(pending)) {
                if (rnd.nextInt(3) == 0) {
                    long size = cp.currentBytes(file).length;
                    long keep = size == 0 ? 0 : rnd.nextInt((int) size + 1);
                    tears.put(file, new PowerLossState.Tear(keep, keep + (size > keep ? rnd.nextInt((int) (size - keep) + 1) : 0)));
                }
            }
            add(out, new PowerLossState(b, tears, -1, "random subset #" + r + " of seed " + seed));
        }
        int w = cp.lastWriteLength();
        if (options.processCrashes() && w > 1) {
            for (int k : new TreeSet<>(List.of(1, w / 2, w - 1))) {
                add(out, new PowerLossState(all(n), Map.of(), k, "process crash in the last write after " + k + " of " + w + " bytes"));
            }
        }
        return new ArrayList<>(out.values());
    }

    private static void add(Map<String, PowerLossState> out, PowerLossState s) {
        out.putIfAbsent(s.key(), s);
    }

    private static BitSet all(int n) {
        BitSet b = new BitSet();
        b.set(0, n);
        return b;
    }

    private static Set<String> files(List<PendingStep> pending) {
        Set<String> files = new LinkedHashSet<>();
        for (PendingStep s : pending) {
            if (s.isData() && s.length() > 0) {
                files.add(s.file());
            }
        }
        return files;
    }

    /** Cut points: at and one byte around the last record boundaries of the file's unsynced bytes. */
    private List<Long> cuts(CrashPoint cp, String file) {
        byte[] synced = cp.syncedBytes(file);
        byte[] cur = cp.currentBytes(file);
        int common = 0;
        while (common < synced.length && common < cur.length && synced[common] == cur[common]) {
            common++;
        }
        List<Integer> boundaries = new ArrayList<>();
        boundaries.add(common);
        for (int i = common; i < cur.length; i++) {
            if (cur[i] == '\n') {
                boundaries.add(i + 1);
            }
        }
        if (boundaries.get(boundaries.size() - 1) != cur.length) {
            boundaries.add(cur.length);
        }
        int from = Math.max(0, boundaries.size() - 1 - options.tornRecordsPerFile());
        Set<Long> cuts = new TreeSet<>();
        for (int b : boundaries.subList(from, boundaries.size())) {
            for (int d = -1; d <= 1; d++) {
                if (b + d >= common && b + d <= cur.length) {
                    cuts.add((long) (b + d));
                }
            }
        }
        cuts.remove((long) cur.length); // uncut is "everything"
        return new ArrayList<>(cuts);
    }
}
