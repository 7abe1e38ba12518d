package io.vikingfs.conformance.crash;

import io.vikingfs.DirEntry;
import io.vikingfs.RecordLog;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.spi.StagingNames;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a store holds, read only through its public API ({@code walk}, {@code read}, {@code readRecords}), as the
 * {@link Oracle}'s canonical values, plus the problems seen on the way (files nobody wrote, corrupt log lines).
 */
final class Observation {
    final Map<String, String> values = new TreeMap<>();
    final Map<String, List<String>> records = new TreeMap<>();
    final List<String> problems = new ArrayList<>();

    static Observation of(VikingFs fs, Oracle oracle) throws IOException {
        Observation o = new Observation();
        Map<String, NavigableMap<String, byte[]>> trees = new TreeMap<>();
        List<DirEntry> entries;
        try (Stream<DirEntry> s = fs.walk(VPath.ROOT)) {
            entries = s.toList();
        }
        for (DirEntry e : entries) {
            if (e.isDirectory()) {
                if (StagingNames.idOf(e.path().name()) != null && oracle.treeOf(e.path().toString()) == null) {
                    // S1: the store was reopened after a crash, so the owner of every staging is gone; workloads
                    // never make a directory of this shape themselves
                    o.problems.add("S1 a staging directory of stage() survived recovery after its owner was gone: "
                            + e.path());
                }
                continue;
            }
            String p = e.path().toString();
            String tree = oracle.treeOf(p);
            if (tree != null) {
                trees.computeIfAbsent(tree, t -> new TreeMap<>()).put(p.substring(tree.length() + 1), fs.read(e.path()));
            } else if (oracle.isLog(p)) {
                o.addLog(p, fs.readRecords(e.path()));
            } else {
                o.values.put(p, Oracle.fileValue(fs.read(e.path())));
            }
            boolean inStaging = e.path().segments().stream().anyMatch(seg -> StagingNames.idOf(seg) != null);
            if (!oracle.universe().contains(p) && tree == null && !inStaging) { // a staging's files: S1 above
                o.problems.add("G2/W4 a file no call wrote is listed: " + p);
            }
        }
        for (String t : trees.keySet()) {
            o.values.put(t, Oracle.treeValue(trees.get(t)));
        }
        for (String key : oracle.universe()) {
            if (oracle.isTree(key) && !o.values.containsKey(key) && fs.exists(VPath.of(key))) {
                o.values.put(key, Oracle.treeValue(new TreeMap<>()));
            }
            o.values.putIfAbsent(key, Oracle.ABSENT);
        }
        return o;
    }

    /**
     * Notes what the log at {@code path} reads as: its records are its value; a corrupt line (a torn record, a
     * splice) is a problem, a torn tail (the bytes after the last newline) is not, since recovery removes it.
     */
    void addLog(String path, RecordLog log) {
        for (RecordLog.Damage d : log.damage()) {
            if (d.kind() != RecordLog.Damage.Kind.TORN_TAIL) {
                problems.add("A1 log " + path + " has a corrupt line at offset " + d.offset() + " ("
                        + d.length() + " bytes: " + d.reason() + "): a gap or splice");
            }
        }
        records.put(path, log.records());
        values.put(path, Oracle.logValue(log.records()));
    }

    String value(String key) {
        return values.getOrDefault(key, Oracle.ABSENT);
    }
}
