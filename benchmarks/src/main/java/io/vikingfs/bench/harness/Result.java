package io.vikingfs.bench.harness;

import java.util.Objects;

/**
 * One row of the results: our figure, the baseline's, their ratio ({@code ours / baseline}) and the target the
 * ratio must reach. {@code better} says which way the ratio should go: {@code "higher"} for throughput (ratio
 * at least {@code target}), {@code "lower"} for latency and memory (ratio at most {@code target}). A row without
 * a target ({@code null}) is information only, e.g. a baseline that does not give the same guarantee.
 *
 * @param name     the scenario, with the baseline it is compared with
 * @param ours     our median
 * @param baseline the baseline's median
 * @param unit     the unit of {@code ours} and {@code baseline}
 * @param target   the ratio to reach, or {@code null}
 * @param better   {@code "higher"} or {@code "lower"}
 * @param note     spread of the rounds and what explains the figure (flush counts, …); may be empty
 */
public record Result(String name, double ours, double baseline, String unit, Double target, String better,
                     String note) {
    public Result {
        Objects.requireNonNull(name, "name");
        if (!better.equals("higher") && !better.equals("lower")) {
            throw new IllegalArgumentException("better must be 'higher' or 'lower', not " + better);
        }
    }

    public static Result higher(String name, double ours, double baseline, String unit, Double target, String note) {
        return new Result(name, ours, baseline, unit, target, "higher", note);
    }

    public static Result lower(String name, double ours, double baseline, String unit, Double target, String note) {
        return new Result(name, ours, baseline, unit, target, "lower", note);
    }

    public double ratio() {
        return baseline == 0 ? Double.NaN : ours / baseline;
    }

    /** Whether the target is met; {@code null} for an information row. */
    public Boolean met() {
        if (target == null) {
            return null;
        }
        double r = ratio();
        return better.equals("higher") ? r >= target : r <= target;
    }

    public Result withNote(String more) {
        return new Result(name, ours, baseline, unit, target, better,
                note.isEmpty() ? more : more.isEmpty() ? note : note + "; " + more);
    }
}
