package io.vikingfs.bench.harness;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The measured values of one contender, with the median quoted and the spread shown beside it. */
public final class Samples {
    private final List<Double> sorted;

    public Samples(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no samples");
        }
        List<Double> copy = new ArrayList<>(values);
        Collections.sort(copy);
        this.sorted = List.copyOf(copy);
    }

    public double median() {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    public double min() {
        return sorted.get(0);
    }

    public double max() {
        return sorted.get(sorted.size() - 1);
    }

    /** Half the range relative to the median, in percent: how far apart the rounds were. */
    public double spreadPercent() {
        double m = median();
        return m == 0 ? 0 : (max() - min()) / 2 / m * 100;
    }
}
