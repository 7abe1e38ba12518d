package io.vikingfs.cli;

import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Prints a one-line status of a long operation on stderr every second, so a user watching a big {@code verify}
 * or the {@code demo} sees it is alive. Nothing is printed for operations that finish within the first second.
 */
final class Progress implements AutoCloseable {
    private final PrintStream err;
    private final String label;
    private final ScheduledExecutorService ticker;
    private volatile Supplier<String> status = () -> "working";

    private Progress(PrintStream err, String label, long periodMillis) {
        this.err = err;
        this.label = label;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vikingfs-progress");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(this::tick, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Starts printing {@code label: status} every second. */
    static Progress start(PrintStream err, String label) {
        return new Progress(err, label, 1000);
    }

    /** Sets what the next lines report. */
    void describe(Supplier<String> status) {
        this.status = status;
    }

    private void tick() {
        try {
            err.println(label + ": " + status.get() + " …");
        } catch (RuntimeException e) {
            // A status supplier that fails must not kill the ticker silently: say so once and stop ticking.
            err.println(label + ": (progress unavailable: " + e + ")");
            ticker.shutdown();
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
