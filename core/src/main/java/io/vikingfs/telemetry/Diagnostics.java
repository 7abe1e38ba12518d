package io.vikingfs.telemetry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Every store's built-in listener: JFR events for each flush and lock wait (and each operation at least as slow
 * as the threshold), and a warning through SLF4J (logger {@code io.vikingfs.slow}) for each flush, lock wait or
 * operation at least as slow as the threshold — so a stall such as an fsync held under a lock is named, with its
 * path, in the log and in a recording.
 */
final class Diagnostics implements VikingFsListener {
    static final Logger SLOW = LoggerFactory.getLogger("io.vikingfs.slow");

    private volatile long thresholdNanos;

    Diagnostics(Duration threshold) {
        threshold(threshold);
    }

    void threshold(Duration threshold) {
        if (threshold.isNegative()) {
            throw new IllegalArgumentException("the slow-operation threshold must not be negative: " + threshold);
        }
        thresholdNanos = threshold.toNanos();
    }

    Duration threshold() {
        return Duration.ofNanos(thresholdNanos);
    }

    @Override
    public void operation(Operation operation, String path, long nanos, int records, Throwable failure) {
        if (nanos < thresholdNanos) {
            return;
        }
        JfrEvents.SlowOperation e = new JfrEvents.SlowOperation();
        if (e.shouldCommit()) {
            e.operation = operation.label();
            e.path = path;
            e.failed = failure != null;
            e.elapsed = nanos;
            e.commit();
        }
        if (SLOW.isWarnEnabled()) {
            SLOW.warn("slow VikingFS operation: {} of '{}' took {} (threshold {}){}", operation.label(), path,
                    millis(nanos), millis(thresholdNanos), failure == null ? "" : " and failed: " + failure);
        }
    }

    /**
     * Whether {@link #flush} uses the duration it is given: the JFR flush event is recording, or slow flushes are
     * logged (the warning names the duration; with SLF4J's warnings off nothing reads it).
     */
    boolean timesFlushes() {
        return new JfrEvents.Flush().isEnabled() || SLOW.isWarnEnabled();
    }

    @Override
    public void flush(FlushKind kind, String path, long nanos, long changes, boolean failed) {
        JfrEvents.Flush e = new JfrEvents.Flush();
        if (e.shouldCommit()) {
            e.path = path;
            e.kind = kind.label();
            e.changes = changes;
            e.failed = failed;
            e.elapsed = nanos;
            e.commit();
        }
        if (nanos >= thresholdNanos && SLOW.isWarnEnabled()) {
            SLOW.warn("slow VikingFS flush: fsync of the {} '{}' took {} (threshold {}), covering {} change(s){}",
                    kind.label(), path, millis(nanos), millis(thresholdNanos), changes, failed ? " and failed" : "");
        }
    }

    @Override
    public void lockWait(String path, long nanos) {
        JfrEvents.LockWait e = new JfrEvents.LockWait();
        if (e.shouldCommit()) {
            e.path = path;
            e.elapsed = nanos;
            e.commit();
        }
        if (nanos >= thresholdNanos && SLOW.isWarnEnabled()) {
            SLOW.warn("slow VikingFS lock wait: waited {} for the lock of '{}' (threshold {})", millis(nanos), path,
                    millis(thresholdNanos));
        }
    }

    static String millis(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.3f ms", nanos / 1e6);
    }

    @Override
    public String toString() {
        return "Diagnostics[threshold " + millis(thresholdNanos) + "]";
    }
}
