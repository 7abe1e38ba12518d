package io.vikingfs.conformance.crash;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A named sequence of calls to explore: {@code setup} runs first (durably, no crash points), then every primitive
 * step of {@code calls} is a crash point. Paths appended to are checked as logs (A1–A3); the {@code live} side of
 * every switch (and staged commit) is checked as one tree (D1–D2); every other path as a file (W1–W3, R1–R2).
 *
 * @param family the group the report counts it in ({@code seq}, {@code random}, {@code field}, {@code promise}, …)
 */
public record Workload(String name, List<Call> setup, List<Call> calls, String family) {
    public Workload {
        setup = List.copyOf(setup);
        calls = List.copyOf(calls);
        java.util.Objects.requireNonNull(family, "family");
    }

    /** A workload whose family is the first word of its name ({@code field-…} is in {@code field}). */
    public Workload(String name, List<Call> setup, List<Call> calls) {
        this(name, setup, calls, name.contains("-") ? name.substring(0, name.indexOf('-')) : name);
    }

    /** The paths checked as logs: those appended to, and where a rename moved one (a log stays a log). */
    public Set<String> logs() {
        Set<String> logs = new LinkedHashSet<>();
        for (Call c : all()) {
            if (c instanceof Call.Append a) {
                logs.add(a.path());
            } else if (c instanceof Call.Rename r) {
                for (String l : List.copyOf(logs)) {
                    if (l.equals(r.src()) || l.startsWith(r.src() + "/")) {
                        logs.add(r.dst() + l.substring(r.src().length()));
                    }
                }
            }
        }
        return logs;
    }

    /** The directories checked as whole trees: the targets of switches. */
    public Set<String> trees() {
        Set<String> trees = new LinkedHashSet<>();
        for (Call c : all()) {
            if (c instanceof Call.Switch s) {
                trees.add(s.live());
            } else if (c instanceof Call.Stage s && s.commit()) {
                trees.add(s.live());
            }
        }
        return trees;
    }

    private List<Call> all() {
        return java.util.stream.Stream.concat(setup.stream(), calls.stream()).toList();
    }

    /** The workload in one line, for replays. */
    public String describe() {
        return name + ": setup " + setup + "; calls " + calls;
    }
}
