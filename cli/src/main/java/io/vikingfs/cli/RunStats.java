package io.vikingfs.cli;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vikingfs.ForwardingVikingFs;
import io.vikingfs.VikingFs;
import io.vikingfs.micrometer.VikingFsMetrics;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * {@code --stats}: observes a store with the Micrometer binding in a private registry and, when the store is
 * closed, prints what it did (only the meters that moved). Printed on stderr so a command's output stays clean.
 */
final class RunStats {
    private RunStats() {
    }

    /** {@code fs}, observed; closing it closes {@code fs}, then prints the counters on {@code out}. */
    static VikingFs observe(VikingFs fs, PrintStream out) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        VikingFs observed = VikingFsMetrics.observe(fs, registry);
        return new ForwardingVikingFs(observed) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    print(registry, fs.uri().toString(), out);
                }
            }
        };
    }

    static void print(MeterRegistry registry, String store, PrintStream out) {
        out.println("vikingfs stats for " + store + " (since it was opened):");
        out.printf(Locale.ROOT, "  %-44s %9s %12s %12s %12s%n", "operation", "count", "total", "mean", "max");
        registry.find(VikingFsMetrics.OPERATIONS).timers().stream().filter(t -> t.count() > 0)
                .sorted(Comparator.comparing((Timer t) -> t.getId().getTag("operation"))
                        .thenComparing(t -> t.getId().getTag("outcome")))
                .forEach(t -> {
                    String outcome = t.getId().getTag("outcome");
                    String name = t.getId().getTag("operation") + ("success".equals(outcome) ? "" : " (" + outcome + ")");
                    row(out, name, t);
                });
        line(out, "records appended", registry.find(VikingFsMetrics.APPEND_RECORDS).counter());
        registry.find(VikingFsMetrics.FLUSH_LATENCY).timers().stream().filter(t -> t.count() > 0).forEach(t -> {
            String kind = t.getId().getTag("kind");
            row(out, "fsync of a " + kind, t);
            DistributionSummary changes = registry.find(VikingFsMetrics.FLUSH_CHANGES).tag("kind", kind).summary();
            if (changes != null && changes.count() > 0) {
                out.printf(Locale.ROOT, "  %-44s %9.1f changes per fsync on average (max %.0f)%n", "",
                        changes.mean(), changes.max());
            }
        });
        registry.find(VikingFsMetrics.FLUSH_FAILURES).counters().forEach(c -> line(out,
                "FAILED fsyncs of a " + c.getId().getTag("kind"), c));
        Timer waits = registry.find(VikingFsMetrics.LOCK_WAIT).timer();
        if (waits != null && waits.count() > 0) {
            row(out, "lock waits (contended)", waits);
        }
        registry.find(VikingFsMetrics.OBJECT_REQUESTS).counters().stream()
                .sorted(Comparator.comparing(c -> c.getId().getTag("request")))
                .forEach(c -> line(out, "S3 " + c.getId().getTag("request") + " requests", c));
        registry.find(VikingFsMetrics.OBJECT_ERRORS).counters().forEach(c -> line(out,
                "S3 " + c.getId().getTag("request") + " errors: " + c.getId().getTag("error"), c));
        registry.find(VikingFsMetrics.OBJECT_RETRIES).counters().forEach(c -> line(out,
                "S3 " + c.getId().getTag("request") + " retries: " + c.getId().getTag("reason"), c));
        for (Gauge g : registry.find(VikingFsMetrics.AUDIT_VERDICT).gauges()) {
            out.printf(Locale.ROOT, "  %-44s %s%n", "audit: " + g.getId().getTag("guarantee"),
                    g.getId().getTag("verdict"));
        }
    }

    private static void row(PrintStream out, String name, Timer t) {
        out.printf(Locale.ROOT, "  %-44s %9d %12s %12s %12s%n", name, t.count(), time(t.totalTime(TimeUnit.NANOSECONDS)),
                time(t.mean(TimeUnit.NANOSECONDS)), time(t.max(TimeUnit.NANOSECONDS)));
    }

    private static void line(PrintStream out, String name, Counter c) {
        if (c != null && c.count() > 0) {
            out.printf(Locale.ROOT, "  %-44s %9.0f%n", name, c.count());
        }
    }

    private static String time(double nanos) {
        if (nanos >= 1e9) {
            return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
        }
        if (nanos >= 1e6) {
            return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
        }
        return String.format(Locale.ROOT, "%.1f µs", nanos / 1e3);
    }
}
