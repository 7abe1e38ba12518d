package io.vikingfs.conformance.crash;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of one module's crash exploration, written to {@code target/vikingfs-crash-report.json}: how many
 * workloads, crash points, post-crash states and process kills were checked, and every violation found.
 * Thread-safe.
 */
public final class CrashReport {
    private long workloads;
    private long crashPoints;
    private long states;
    private long processKills;
    private long millis;
    private static final java.util.Set<Path> WRITTEN = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final List<Violation> violations = new ArrayList<>();
    private final Map<String, Long> statesByStore = new LinkedHashMap<>();
    /** Per model label: states, crash points, violations. */
    private final Map<String, Map<String, Long>> byModel = new java.util.TreeMap<>();
    /** Per workload family, per model label: states. */
    private final Map<String, Map<String, Long>> statesByFamily = new java.util.TreeMap<>();

    public synchronized void addWorkload() {
        workloads++;
    }

    public synchronized void addCrashPoints(long n) {
        crashPoints += n;
    }

    public synchronized void addStates(String store, long n) {
        states += n;
        statesByStore.merge(store, n, Long::sum);
    }

    /** Counts {@code n} states checked under {@code model} for a workload of {@code family}. */
    public synchronized void addStates(String store, CrashModel model, String family, long n) {
        addStates(store, n);
        byModel.computeIfAbsent(model.label(), k -> new LinkedHashMap<>()).merge("states", n, Long::sum);
        statesByFamily.computeIfAbsent(family, k -> new java.util.TreeMap<>()).merge(model.label(), n, Long::sum);
    }

    /** Counts {@code n} crash points explored under {@code model}. */
    public synchronized void addCrashPoints(CrashModel model, long n) {
        byModel.computeIfAbsent(model.label(), k -> new LinkedHashMap<>()).merge("crashPoints", n, Long::sum);
    }

    /** Adds a violation found under {@code model}. */
    public synchronized void addViolation(CrashModel model, Violation v) {
        addViolation(v);
        byModel.computeIfAbsent(model.label(), k -> new LinkedHashMap<>()).merge("violations", 1L, Long::sum);
    }

    /** The figures per model label ({@code journaling}, {@code strict}): states, crashPoints, violations. */
    public synchronized Map<String, Map<String, Long>> byModel() {
        Map<String, Map<String, Long>> copy = new java.util.TreeMap<>();
        byModel.forEach((k, v) -> copy.put(k, Map.copyOf(v)));
        return copy;
    }

    public synchronized void addProcessKills(long n) {
        processKills += n;
    }

    public synchronized void addMillis(long n) {
        millis += n;
    }

    public synchronized void addViolation(Violation v) {
        violations.add(v);
    }

    public synchronized long workloads() {
        return workloads;
    }

    public synchronized long crashPoints() {
        return crashPoints;
    }

    public synchronized long states() {
        return states;
    }

    public synchronized long processKills() {
        return processKills;
    }

    public synchronized List<Violation> violations() {
        return List.copyOf(violations);
    }

    /** Adds another report's figures to this one. */
    public synchronized void merge(CrashReport other) {
        synchronized (other) {
            workloads += other.workloads;
            crashPoints += other.crashPoints;
            states += other.states;
            processKills += other.processKills;
            millis += other.millis;
            violations.addAll(other.violations);
            other.statesByStore.forEach((k, v) -> statesByStore.merge(k, v, Long::sum));
            mergeNested(byModel, other.byModel);
            mergeNested(statesByFamily, other.statesByFamily);
        }
    }

    private static void mergeNested(Map<String, Map<String, Long>> into, Map<String, Map<String, Long>> from) {
        from.forEach((k, m) -> m.forEach((k2, v) ->
                into.computeIfAbsent(k, x -> new LinkedHashMap<>()).merge(k2, v, Long::sum)));
    }

    /** One line: the figures and the verdict. */
    public synchronized String summary() {
        return "vikingfs crash exploration: " + workloads + " workloads, " + crashPoints + " crash points, " + states
                + " post-crash states, " + processKills + " process kills, " + violations.size() + " violations, "
                + millis + " ms" + (byModel.isEmpty() ? "" : "; per model " + byModel);
    }

    private static void readNested(Object json, Map<String, Map<String, Long>> into) {
        if (json instanceof Map<?, ?> outer) {
            outer.forEach((k, inner) -> {
                if (inner instanceof Map<?, ?> m) {
                    m.forEach((k2, v) -> into.computeIfAbsent(String.valueOf(k), x -> new LinkedHashMap<>())
                            .merge(String.valueOf(k2), ((Number) v).longValue(), Long::sum));
                }
            });
        }
    }

    /**
     * Merges this report into the JSON file at {@code file} (several test classes of one module add up) and
     * returns the merged summary line.
     */
    public String writeTo(Path file) throws IOException {
        synchronized (CrashReport.class) {
            return writeMerged(file);
        }
    }

    private synchronized String writeMerged(Path file) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        CrashReport total = new CrashReport();
        // A file left by an earlier build is replaced; the test classes of this run (one JVM) add up.
        if (Files.exists(file) && WRITTEN.contains(file.toAbsolutePath())) {
            Map<?, ?> old = mapper.readValue(file.toFile(), Map.class);
            total.workloads = ((Number) old.get("workloads")).longValue();
            total.crashPoints = ((Number) old.get("crashPoints")).longValue();
            total.states = ((Number) old.get("states")).longValue();
            total.processKills = ((Number) old.get("processKills")).longValue();
            Object ms = old.get("millis");
            total.millis = ms == null ? 0 : ((Number) ms).longValue();
            List<?> vs = (List<?>) old.get("violations");
            for (Object o : vs) {
                total.violations.add(mapper.convertValue(o, Violation.class));
            }
            Object byStore = old.get("statesByStore");
            if (byStore instanceof Map<?, ?> m) {
                m.forEach((k, v) -> total.statesByStore.put(String.valueOf(k), ((Number) v).longValue()));
            }
            readNested(old.get("byModel"), total.byModel);
            readNested(old.get("statesByFamily"), total.statesByFamily);
        }
        total.merge(this);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("workloads", total.workloads);
        json.put("crashPoints", total.crashPoints);
        json.put("states", total.states);
        json.put("processKills", total.processKills);
        json.put("millis", total.millis);
        json.put("statesByStore", total.statesByStore);
        json.put("byModel", total.byModel);
        json.put("statesByFamily", total.statesByFamily);
        json.put("violations", total.violations);
        Files.createDirectories(file.toAbsolutePath().getParent());
        mapper.writeValue(file.toFile(), json);
        WRITTEN.add(file.toAbsolutePath());
        return total.summary();
    }
}
