package io.vikingfs.bench.harness;

import java.util.Arrays;

/** Recorded latencies in nanoseconds, with percentiles. */
public final class Latencies {
    private final long[] values;
    private int size;

    public Latencies(int capacity) {
        this.values = new long[capacity];
    }

    public void add(long nanos) {
        values[size++] = nanos;
    }

    public int size() {
        return size;
    }

    public boolean isFull() {
        return size == values.length;
    }

    /** The nearest-rank percentile ({@code p} in 0..100) of the values recorded so far, in nanoseconds. */
    public long percentile(double p) {
        return percentile(0, size, p);
    }

    /** The nearest-rank percentile of the values recorded at indexes {@code from} (inclusive) to {@code to}. */
    public long percentile(int from, int to, double p) {
        if (to <= from) {
            throw new IllegalArgumentException("no latencies recorded in [" + from + ", " + to + ")");
        }
        long[] part = Arrays.copyOfRange(values, from, to);
        Arrays.sort(part);
        int rank = (int) Math.ceil(p / 100 * part.length);
        return part[Math.max(0, Math.min(part.length - 1, rank - 1))];
    }

    public long max() {
        long m = 0;
        for (int i = 0; i < size; i++) {
            m = Math.max(m, values[i]);
        }
        return m;
    }
}
