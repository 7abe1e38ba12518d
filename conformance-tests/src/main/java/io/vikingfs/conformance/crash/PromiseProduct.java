package io.vikingfs.conformance.crash;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * The cross product of every way of creating content with every call that promises durability or atomicity of
 * what came before it (docs/contract.md §2): whatever wrote the content — durably or not, by append, by rename,
 * in directories made on the way —, a durable switch of the staged tree, a durable rename of the directory or of
 * the file, or a durable append to the log must leave all of it durable; a non-durable switch must still leave
 * one whole tree; recovery must change nothing a reader sees. The {@link Oracle} knows each promise's reach: a
 * durable call's events cover every key it changes (a switched tree as a whole, a renamed directory file by
 * file, a log with every earlier record).
 */
final class PromiseProduct {
    private PromiseProduct() {
    }

    /** The staged tree every creator writes into. */
    static final String STAGED = "st";

    /**
     * One way of creating content under {@link #STAGED}: its calls (numbered {@code n} for unique content), the
     * file it leaves (for a rename of the file) and the log it appends to (for a durable append after it), or
     * null.
     */
    record Creator(String name, IntFunction<List<Call>> calls, IntFunction<String> file, IntFunction<String> log) {
    }

    /**
     * One call that promises something about what came before, given the files and the logs the creators left
     * (in order); null if it does not apply to them.
     */
    record Promise(String name, java.util.function.BiFunction<List<String>, List<String>, List<Call>> calls) {
    }

    static List<Creator> creators() {
        List<Creator> out = new ArrayList<>();
        for (boolean d : new boolean[] {true, false}) {
            String tag = d ? "-durable" : "";
            out.add(new Creator("atomicWrite" + tag, n -> List.of(
                    new Call.Write(STAGED + "/f", "{\"f\":" + n + "}", d, false)), n -> STAGED + "/f", n -> null));
            out.add(new Creator("append" + tag, n -> List.of(
                    new Call.Append(STAGED + "/log", List.of("{\"r\":" + n + "}"), d)), n -> STAGED + "/log", n -> STAGED + "/log"));
            out.add(new Creator("appendAll" + tag, n -> List.of(
                    new Call.Append(STAGED + "/log", List.of("{\"r\":" + n + ",\"k\":1}", "{\"r\":" + n + ",\"k\":2}"), d)),
                    n -> STAGED + "/log", n -> STAGED + "/log"));
            // Written outside non-durably, then moved in: the rename's entries and the bytes both need the promise.
            out.add(new Creator("renameIn" + tag, n -> List.of(
                    new Call.Append("in" + n, List.of("{\"in\":" + n + "}"), false),
                    new Call.Rename("in" + n, STAGED + "/in" + n, false, d)), n -> STAGED + "/in" + n, n -> STAGED + "/in" + n));
        }
        out.add(new Creator("mkdirs", n -> List.of(
                new Call.Mkdirs(STAGED + "/m" + n + "/sub"),
                new Call.Write(STAGED + "/m" + n + "/sub/f", "{\"m\":" + n + "}", false, false)),
                n -> STAGED + "/m" + n + "/sub/f", n -> null));
        out.add(new Creator("nestedTree", n -> List.of(
                new Call.Write(STAGED + "/a" + n + "/b/f", "{\"deep\":" + n + "}", false, false),
                new Call.Append(STAGED + "/a" + n + "/log", List.of("{\"deep\":" + n + "}"), false)),
                n -> STAGED + "/a" + n + "/b/f", n -> STAGED + "/a" + n + "/log"));
        out.add(new Creator("overwrite", n -> List.of(
                new Call.Write(STAGED + "/base", "{\"base\":" + n + "}", false, false)), n -> STAGED + "/base", n -> null));
        out.add(new Creator("delete", n -> List.of(new Call.Delete(STAGED + "/gone")), n -> null, n -> null));
        return out;
    }

    static List<Promise> promises() {
        List<Promise> out = new ArrayList<>();
        out.add(new Promise("switch-durable", (files, logs) -> List.of(new Call.Switch(STAGED, "live", true))));
        out.add(new Promise("switch", (files, logs) -> List.of(new Call.Switch(STAGED, "live", false))));
        out.add(new Promise("renameDir-durable", (files, logs) ->
                List.of(new Call.Rename(STAGED, "moved", false, true))));
        out.add(new Promise("renameFile-durable", (files, logs) -> files.isEmpty() ? null
                : List.of(new Call.Rename(files.get(files.size() - 1), "g", true, true))));
        out.add(new Promise("append-durable", (files, logs) -> logs.isEmpty() ? null
                : List.of(new Call.Append(logs.get(logs.size() - 1), List.of("{\"durable\":true}"), true))));
        out.add(new Promise("recover", (files, logs) -> List.of(new Call.Recover())));
        return out;
    }

    private static void addIfSet(List<String> into, String value) {
        if (value != null) {
            into.add(value);
        }
    }

    /**
     * Durable: a staged tree with a file and a file to delete, and a live tree. (No file at the renamed file's
     * target {@code g}: a log renamed over a plain file would make {@code g} a log whose first value is no log.)
     */
    static List<Call> setup() {
        return List.of(
                new Call.Write(STAGED + "/base", "{\"base\":0}", true, false),
                new Call.Write(STAGED + "/gone", "{\"gone\":0}", true, false),
                new Call.Write("stage0/f", "{\"gen\":0}", true, false),
                new Call.Switch("stage0", "live", true));
    }

    /**
     * Every creator alone, then every ordered pair of different creators, each followed by every promise that
     * applies (a file rename needs a file, a durable append a log). Pairs are all of them if {@code exhaustive},
     * else {@code pairSample} of them drawn with {@code seed} (the same ones every run).
     */
    static List<Workload> workloads(boolean exhaustive, int pairSample, long seed) {
        List<Creator> creators = creators();
        List<List<Creator>> combos = new ArrayList<>();
        for (Creator c : creators) {
            combos.add(List.of(c));
        }
        List<List<Creator>> pairs = new ArrayList<>();
        for (Creator a : creators) {
            for (Creator b : creators) {
                if (a != b) {
                    pairs.add(List.of(a, b));
                }
            }
        }
        if (!exhaustive) {
            java.util.Collections.shuffle(pairs, new Random(seed));
            pairs = pairs.subList(0, Math.min(pairSample, pairs.size()));
        }
        combos.addAll(pairs);
        List<Workload> out = new ArrayList<>();
        for (Promise p : promises()) {
            for (List<Creator> combo : combos) {
                List<Call> calls = new ArrayList<>();
                List<String> files = new ArrayList<>();
                List<String> logs = new ArrayList<>();
                StringBuilder name = new StringBuilder(p.name());
                for (int i = 0; i < combo.size(); i++) {
                    Creator c = combo.get(i);
                    calls.addAll(c.calls().apply(i + 1));
                    addIfSet(files, c.file().apply(i + 1));
                    addIfSet(logs, c.log().apply(i + 1));
                    name.append(i == 0 ? "-after-" : "+").append(c.name());
                }
                List<Call> promise = p.calls().apply(files, logs);
                if (promise == null) {
                    continue;
                }
                calls.addAll(promise);
                out.add(new Workload(name.toString(), setup(), calls, "promise:" + p.name()));
            }
        }
        return out;
    }
}
