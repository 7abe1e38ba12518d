package io.vikingfs.cli;

import io.vikingfs.Capabilities;
import io.vikingfs.Capability;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code append}, {@code put}, {@code mv} and {@code switch} guarantee, worded for the help: a sentence that
 * holds on every store, and for each guarantee that rests on a {@link Capability} one sentence for a store that
 * declares it and one for a store that does not. Help printed for a store ({@code --fs}) shows the sentences its
 * {@code capabilities()} select; help without a store shows both, naming the capability and the backends that
 * declare it, so no text promises more than the store in use keeps.
 */
final class Guarantees {

    /** A guarantee that holds only where {@code capability} is declared, and what holds where it is not. */
    record Clause(Capability capability, String with, String without) {
    }

    /**
     * Which backends declare a capability: always on the schemes in {@code always}; on those in {@code where} only
     * where {@code condition} holds. The CLI test checks this table against each backend's {@code capabilities()}.
     */
    record Declared(List<String> always, List<String> where, String condition) {
        String describe() {
            List<String> parts = new ArrayList<>(always);
            for (String scheme : where) {
                parts.add(scheme + " where " + condition);
            }
            return parts.isEmpty() ? "no backend" : String.join(", ", parts);
        }
    }

    static final Map<Capability, Declared> DECLARED_BY = new EnumMap<>(Map.of(
            Capability.ATOMIC_FILE_RENAME, new Declared(List.of("file:", "mem:"), List.of(), ""),
            Capability.DIRECTORY_RENAME, new Declared(List.of("file:", "mem:"), List.of(), ""),
            Capability.ATOMIC_DIRECTORY_RENAME, new Declared(List.of("file:", "mem:"), List.of(), ""),
            Capability.ATOMIC_CONDITIONAL_WRITE, new Declared(List.of("file:", "mem:"), List.of("s3://"),
                    "the store checks If-Match atomically (ifMatch=atomic; AWS by default) and its audit agrees"),
            Capability.ATOMIC_BATCH_APPEND, new Declared(List.of("s3://"), List.of(), ""),
            Capability.CROSS_PROCESS_SAFE, new Declared(List.of("file:"), List.of("s3://"),
                    "its audit backs appends, switches and renames by several clients"),
            Capability.DURABILITY_CONTROL, new Declared(List.of("file:", "mem:"), List.of(), "")));

    private static Clause durability(String call, String effect, String afterPowerLoss) {
        return new Clause(Capability.DURABILITY_CONTROL,
                "Durable by default: when " + call + " returns, " + effect + " survives a power loss. "
                        + "--no-durable returns without waiting for the flush; a power loss may then "
                        + afterPowerLoss + ".",
                "Every " + call + " is durable: when it returns, " + effect + " survives any crash "
                        + "(--no-durable changes nothing here).");
    }

    private static final Map<String, List<String>> ALWAYS = Map.of(
            "append", List.of("Each record is all or nothing: after any crash the log holds a prefix of the "
                    + "records appended, each one whole."),
            "put", List.of("Readers see the old content or exactly the new bytes, never a mix or an empty file, "
                    + "even after a crash."),
            "mv", List.of("After any crash the bytes are intact at SRC or at DST: never lost, never torn."),
            "switch", List.of("At every instant and after any crash LIVE is entirely the old tree or entirely the "
                    + "new one, on every store; afterwards STAGED is gone and the old tree is reclaimed."));

    private static final Map<String, List<Clause>> CLAUSES = Map.of(
            "append", List.of(
                    new Clause(Capability.ATOMIC_BATCH_APPEND,
                            "The batch is all or nothing too: after a crash all of its records are there or none.",
                            "The batch is not all or nothing: a crash during the append may keep its first records "
                                    + "without the rest, each one whole."),
                    new Clause(Capability.CROSS_PROCESS_SAFE,
                            "Concurrent appenders, in this process or in others, never interleave, overwrite or "
                                    + "lose each other's records.",
                            "Concurrent appenders within one process never interleave, overwrite or lose records; "
                                    + "other processes must not append to this store at the same time."),
                    durability("append", "the batch", "lose the log's newest records, never tear one")),
            "put", List.of(
                    new Clause(Capability.ATOMIC_CONDITIONAL_WRITE,
                            "--if-absent and --if-match are checked atomically with the write: of writers racing "
                                    + "on one path, only one whose condition held succeeds.",
                            "--if-absent and --if-match are checked, but not guaranteed atomic against racing "
                                    + "writers: two writers racing on one path may both succeed (a store that "
                                    + "cannot check a condition safely refuses it, saying why)."),
                    durability("put", "the new content", "bring back the old content, never a torn one")),
            "mv", List.of(
                    new Clause(Capability.ATOMIC_FILE_RENAME,
                            "A file moves atomically: at every instant and after any crash it is at exactly one "
                                    + "of SRC and DST.",
                            "A file does not move atomically: a crash during mv may leave it at both SRC and DST."),
                    new Clause(Capability.DIRECTORY_RENAME,
                            "A directory can be moved, with everything below it.",
                            "A directory cannot be moved: mv refuses it and changes nothing (use 'vikingfs switch' "
                                    + "to replace a directory's content all at once)."),
                    new Clause(Capability.ATOMIC_DIRECTORY_RENAME,
                            "A directory moves atomically: after any crash it is whole at SRC or whole at DST.",
                            "A directory does not move atomically: a crash during mv may leave part of it at SRC "
                                    + "and part at DST."),
                    durability("mv", "the move", "undo the move, never lose the bytes")),
            "switch", List.of(
                    durability("switch", "the new tree", "bring back the old tree, whole")));

    private Guarantees() {
    }

    /** The commands whose help states guarantees. */
    static List<String> commands() {
        return List.of("append", "put", "mv", "switch");
    }

    /** The sentences that hold for {@code command} on a store that declares {@code capabilities}. */
    static List<String> forStore(String command, Capabilities capabilities) {
        List<String> out = new ArrayList<>(ALWAYS.get(command));
        for (Clause c : CLAUSES.get(command)) {
            if (c.capability() == Capability.ATOMIC_DIRECTORY_RENAME && !capabilities.has(Capability.DIRECTORY_RENAME)) {
                continue; // no directory moves at all: the sentence on DIRECTORY_RENAME says so
            }
            boolean declared = capabilities.has(c.capability());
            out.add("[" + c.capability() + (declared ? " declared] " + c.with() : " not declared] " + c.without()));
        }
        return out;
    }

    /** The sentences for {@code command} on any store: each conditional one with its capability and backends. */
    static List<String> forAnyStore(String command) {
        List<String> out = new ArrayList<>(ALWAYS.get(command));
        for (Clause c : CLAUSES.get(command)) {
            out.add("With " + c.capability() + " (declared by " + DECLARED_BY.get(c.capability()).describe()
                    + "): " + c.with() + " Without it: " + c.without());
        }
        return out;
    }
}
