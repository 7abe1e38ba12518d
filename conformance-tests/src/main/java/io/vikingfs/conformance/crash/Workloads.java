package io.vikingfs.conformance.crash;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * The workloads the explorer runs: every short sequence of operations over a tiny namespace, seeded random longer
 * ones, and replays of the field's failures (docs/field-cases.md).
 */
public final class Workloads {
    private Workloads() {
    }

    /** The starting state of the small workloads: a file, a log, a live tree and a staged one, all durable. */
    static List<Call> smallSetup() {
        return List.of(
                new Call.Write("a", "{\"a\":0}", true, false),
                new Call.Append("l", List.of("{\"l\":0}"), true),
                new Call.Write("stage0/f", "{\"gen\":0}", true, false),
                new Call.Switch("stage0", "live", true),
                new Call.Write("staged/f", "{\"gen\":1,\"f\":1}", true, false),
                new Call.Write("staged/g", "{\"gen\":1,\"g\":1}", true, false));
    }

    /** The operations of the exhaustive workloads; {@code n} makes each call's content unique. */
    static List<IntFunction<Call>> alphabet() {
        List<IntFunction<Call>> ops = new ArrayList<>();
        for (boolean d : new boolean[] {true, false}) {
            ops.add(n -> new Call.Write("a", "{\"a\":" + n + ",\"pad\":\"" + "x".repeat(n % 3) + "\"}", d, false));
            ops.add(n -> new Call.Write("d/c", "{\"c\":" + n + "}", d, false));
            ops.add(n -> new Call.Append("l", List.of("{\"l\":" + n + "}"), d));
            ops.add(n -> new Call.Append("n/m", List.of("{\"m\":" + n + "}"), d));
            ops.add(n -> new Call.Rename("a", "b", true, d));
            ops.add(n -> new Call.Switch("staged", "live", d));
        }
        ops.add(n -> new Call.Delete("a"));
        return ops;
    }

    /** Every sequence of {@code minLength..maxLength} operations of the {@link #alphabet()}. */
    public static List<Workload> exhaustive(int minLength, int maxLength) {
        List<IntFunction<Call>> ops = alphabet();
        List<Workload> out = new ArrayList<>();
        for (int len = minLength; len <= maxLength; len++) {
            int[] idx = new int[len];
            while (true) {
                List<Call> calls = new ArrayList<>();
                StringBuilder name = new StringBuilder("seq");
                for (int i = 0; i < len; i++) {
                    calls.add(ops.get(idx[i]).apply(i + 1));
                    name.append('-').append(idx[i]);
                }
                out.add(new Workload(name.toString(), smallSetup(), calls));
                int k = len - 1;
                while (k >= 0 && ++idx[k] == ops.size()) {
                    idx[k--] = 0;
                }
                if (k < 0) {
                    break;
                }
            }
        }
        return out;
    }

    /**
     * {@code count} seeded random sequences of {@code length} calls over a wider namespace; {@code batches} adds
     * appends of several records at once (all or nothing where the store declares {@code ATOMIC_BATCH_APPEND},
     * else cut only at a record boundary: A1).
     */
    public static List<Workload> random(long seed, int count, int length, boolean batches) {
        List<Workload> out = new ArrayList<>();
        for (int w = 0; w < count; w++) {
            long s = seed + w;
            Random rnd = new Random(s);
            List<Call> calls = new ArrayList<>();
            for (int i = 1; i <= length; i++) {
                boolean d = rnd.nextBoolean();
                String file = List.of("a", "b", "d/c").get(rnd.nextInt(3));
                String log = List.of("l", "n/m").get(rnd.nextInt(2));
                calls.add(switch (rnd.nextInt(9)) {
                    case 0, 1 -> new Call.Write(file, "{\"w\":" + i + ",\"s\":\"" + "y".repeat(rnd.nextInt(12)) + "\"}", d, false);
                    case 2 -> new Call.Write(file, "{\"new\":" + i + "}", d, true);
                    case 3, 4 -> new Call.Append(log, List.of("{\"r\":" + i + "}"), d);
                    case 5 -> batches
                            ? new Call.Append(log, List.of("{\"batch\":" + i + ",\"k\":1}", "{\"batch\":" + i + ",\"k\":2}"), d)
                            : new Call.Append(log, List.of("{\"one\":" + i + "}"), d);
                    case 6 -> new Call.Rename(file, List.of("a", "b", "d/c").get(rnd.nextInt(3)), rnd.nextBoolean(), d);
                    case 7 -> new Call.Write("staged/h" + (i % 2), "{\"h\":" + i + "}", d, false);
                    default -> new Call.Switch("staged", "live", d);
                });
            }
            out.add(new Workload((batches ? "random-batches-" : "random-") + s, smallSetup(), calls));
        }
        return out;
    }

    /**
     * Appends of several records at once, with the one write carrying a batch torn at and around its record
     * boundaries (a power loss) or stopped in its middle (a process crash): where the store declares
     * {@code ATOMIC_BATCH_APPEND} each batch persists all or nothing; elsewhere it keeps a prefix of its records,
     * each whole (docs/contract.md §2, A1–A2).
     */
    public static List<Workload> batchAppends() {
        List<Workload> out = new ArrayList<>();
        out.add(new Workload("batch-append-torn-between-records",
                List.of(new Call.Append("b.jsonl", List.of("{\"start\":true}"), true)),
                List.of(new Call.Append("b.jsonl", List.of("{\"k\":1}", "{\"k\":2}", "{\"k\":3}"), false),
                        new Call.Append("b.jsonl", List.of("{\"k\":4}", "{\"k\":5}"), true))));
        List<Call> transcript = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            transcript.add(new Call.Append("s1/messages.jsonl", List.of("{\"from\":\"A\",\"n\":" + i + "}"), i % 2 == 0));
            transcript.add(new Call.Append("s1/messages.jsonl", List.of("{\"from\":\"B\",\"n\":" + i + "}",
                    "{\"from\":\"B\",\"n\":" + i + ",\"part\":2}"), false));
        }
        out.add(new Workload("batch-append-transcript-two-appenders", List.of(), transcript));
        return out;
    }

    /**
     * Every way of creating content (atomicWrite, append and appendAll, each durable or not; a rename in, durable
     * or not; mkdirs; a nested tree; an overwrite; a delete) × every call that promises durability or atomicity of
     * what came before (durable and non-durable switchDirectory of the staged tree, durable rename of the
     * directory and of the file, durable append to the log, recover): each creator alone, and ordered pairs of
     * creators — all of them when {@code exhaustive}, else {@code pairSample} drawn with {@code seed}. Each
     * workload's family is {@code promise:<promise>}.
     */
    public static List<Workload> promises(boolean exhaustive, int pairSample, long seed) {
        return PromiseProduct.workloads(exhaustive, pairSample, seed);
    }

    /**
     * Staged commits through {@code stage}: stage, fill, commit over a live tree (durable and not), over an absent
     * live in new directories, and a staging aborted before a commit. At every crash point {@code live} is one
     * whole tree (D1–D3) and recovery leaves no staging behind (S1).
     */
    public static List<Workload> staging() {
        List<Call> live = List.of(new Call.Write("stage0/f", "{\"gen\":0}", true, false),
                new Call.Write("stage0/sub/g", "{\"gen\":0,\"g\":1}", true, false),
                new Call.Switch("stage0", "live", true));
        List<Workload> out = new ArrayList<>();
        out.add(new Workload("staging-commit-over-live-durable-then-not", live,
                List.of(Call.Stage.commit("live", Map.of("f", "{\"gen\":1}", "sub/h", "{\"gen\":1,\"h\":1}"), true),
                        Call.Stage.commit("live", Map.of("f", "{\"gen\":2}"), false))));
        out.add(new Workload("staging-commit-new-live-in-new-directories", List.of(),
                List.of(Call.Stage.commit("s/w/live", Map.of("a", "{\"a\":1}", "b/c", "{\"c\":1}"), false),
                        new Call.Write("s/w/other", "{\"o\":1}", true, false))));
        out.add(new Workload("staging-abort-then-commit", live,
                List.of(Call.Stage.abort("live", Map.of("f", "{\"aborted\":1}")),
                        Call.Stage.commit("live", Map.of("f", "{\"gen\":3}"), true))));
        return out;
    }

    /** The field's failures (docs/field-cases.md), each as a workload whose every crash point is explored. */
    public static List<Workload> fieldCases() {
        List<Workload> out = new ArrayList<>();
        // field cases 8, 9, 10, 11: a session registry rewritten often by several writers, durable or not.
        List<Call> registry = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            registry.add(new Call.Write("sessions.json",
                    "{\"writer\":\"w" + (i % 3) + "\",\"sessions\":[" + "\"s\",".repeat(i) + "\"s" + i + "\"]}", i % 2 == 0, false));
        }
        out.add(new Workload("field-session-registry-many-writers",
                List.of(new Call.Write("sessions.json", "{\"sessions\":[]}", true, false)), registry));
        // field cases 1, 2: two appenders and a metadata appender on one transcript.
        List<Call> transcript = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            transcript.add(new Call.Append("s1/messages.jsonl", List.of("{\"from\":\"A\",\"n\":" + i + "}"), i % 2 == 0));
            transcript.add(new Call.Append("s1/messages.jsonl", List.of("{\"from\":\"B\",\"n\":" + i + "}"), false));
            transcript.add(new Call.Append("s1/meta.jsonl", List.of("{\"meta\":" + i + "}"), i == 3));
        }
        out.add(new Workload("field-transcript-two-appenders-and-metadata",
                List.of(new Call.Append("s1/messages.jsonl", List.of("{\"start\":true}"), true)), transcript));
        // field case 1: a failed (cut) append then a retry; the probe after each crash is the retry.
        out.add(new Workload("field-failed-append-then-retry",
                List.of(new Call.Append("t.jsonl", List.of("{\"ok\":1}"), true)),
                List.of(new Call.Append("t.jsonl", List.of("{\"long\":\"" + "z".repeat(40) + "\"}"), false),
                        new Call.Append("t.jsonl", List.of("{\"long\":\"" + "z".repeat(40) + "\"}"), true),
                        new Call.Append("t.jsonl", List.of("{\"after\":3}"), false))));
        // field case 3: a rollback after a failed append while another writer appends.
        out.add(new Workload("field-rollback-while-other-writer-appends",
                List.of(new Call.Append("r.jsonl", List.of("{\"w\":\"A\",\"n\":0}"), true)),
                List.of(new Call.Append("r.jsonl", List.of("{\"w\":\"A\",\"n\":1,\"big\":\"" + "q".repeat(30) + "\"}"), false),
                        new Call.Append("r.jsonl", List.of("{\"w\":\"B\",\"n\":1}"), false),
                        new Call.Append("r.jsonl", List.of("{\"w\":\"A\",\"n\":2}"), true),
                        new Call.Append("r.jsonl", List.of("{\"w\":\"B\",\"n\":2}"), false))));
        // field case 13: a staged commit switched in over a live directory, twice.
        out.add(new Workload("field-staged-commit-over-live-dir",
                List.of(new Call.Write("c0/messages/1.json", "{\"m\":1}", true, false),
                        new Call.Write("c0/messages/2.json", "{\"m\":2}", true, false),
                        new Call.Switch("c0", "session/live", true)),
                List.of(new Call.Write("c1/messages/1.json", "{\"m\":1}", false, false),
                        new Call.Write("c1/messages/2.json", "{\"m\":2,\"edited\":true}", false, false),
                        new Call.Write("c1/messages/3.json", "{\"m\":3}", false, false),
                        new Call.Switch("c1", "session/live", true),
                        new Call.Write("c2/messages/1.json", "{\"m\":1,\"gen\":2}", false, false),
                        new Call.Switch("c2", "session/live", false))));
        // field case 5, 7: the first append to a new file in a new directory, then more.
        out.add(new Workload("field-first-append-new-file-new-dir", List.of(),
                List.of(new Call.Append("sessions/s9/messages.jsonl", List.of("{\"first\":true}"), true),
                        new Call.Append("sessions/s9/messages.jsonl", List.of("{\"second\":true}"), false),
                        new Call.Append("sessions/s10/messages.jsonl", List.of("{\"first\":true}"), false))));
        out.add(new Workload("field-first-append-new-file-new-dir-not-durable", List.of(),
                List.of(new Call.Append("sessions/s9/messages.jsonl", List.of("{\"first\":true}"), false),
                        new Call.Append("sessions/s9/messages.jsonl", List.of("{\"second\":true}"), true))));
        return out;
    }
}
