package io.vikingfs.telemetry;

import io.vikingfs.ForwardingVikingFs;
import io.vikingfs.VikingFs;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.function.Consumer;

/**
 * One store's telemetry hub: the {@link VikingFsListener} its backend reports to, and the slow-operation
 * threshold. Every observable store has one from the start, holding the built-in diagnostics (JFR events, SLF4J
 * warnings for anything at least as slow as the threshold); {@link #observe} adds a listener — a Micrometer
 * binding, say — and wraps the store so that its operations are timed too.
 *
 * <pre>{@code
 * VikingFs fs = Telemetry.observe(VikingFs.open(uri), myListener);   // use the returned store
 * }</pre>
 *
 * <p>The slow-operation threshold is {@link #DEFAULT_SLOW_THRESHOLD} unless the system property
 * {@value #SLOW_THRESHOLD_PROPERTY} gives another (ISO-8601 such as {@code PT0.5S}, or milliseconds such as
 * {@code 500}), or {@link #slowThreshold(Duration)} sets it for one store.
 *
 * <p>Cost: backends read one volatile field per event; without an attached listener an event is a JFR event
 * that is not recording (free) and one comparison with the threshold.
 */
public final class Telemetry {
    /** The system property giving the default slow-operation threshold. */
    public static final String SLOW_THRESHOLD_PROPERTY = "vikingfs.slowThreshold";
    /** One second. */
    public static final Duration DEFAULT_SLOW_THRESHOLD = Duration.ofSeconds(1);

    private final Diagnostics diagnostics;
    private final Consumer<VikingFsListener> onAttach;
    private volatile VikingFsListener listener;

    /** A hub holding only the built-in diagnostics. */
    public Telemetry() {
        this(l -> { });
    }

    /**
     * @param onAttach called with each listener as it is attached, before the store reports to it: the backend
     *                 tells it the state it already has (the S3 backend its audit verdicts)
     */
    public Telemetry(Consumer<VikingFsListener> onAttach) {
        this.onAttach = Objects.requireNonNull(onAttach, "onAttach");
        this.diagnostics = new Diagnostics(defaultSlowThreshold());
        this.listener = diagnostics;
    }

    /** Where the backend reports: the built-in diagnostics followed by every attached listener. */
    public VikingFsListener listener() {
        return listener;
    }

    /**
     * Whether a flush's duration is used: a listener is attached, or the built-in diagnostics use it (the JFR flush
     * event is recording, or slow flushes are logged). A backend may skip timing a flush otherwise and report it as
     * taking 0 ns (two clock reads were a sixth of a durable append on the in-memory backend); a listener attached
     * while a flush runs may see that flush so.
     */
    public boolean timesFlushes() {
        VikingFsListener l = listener;
        return l != diagnostics || diagnostics.timesFlushes();
    }

    /** Adds {@code added}; it receives every later event (operations only through an {@link ObservedVikingFs}). */
    public synchronized void attach(VikingFsListener added) {
        Objects.requireNonNull(added, "listener");
        onAttach.accept(added);
        listener = VikingFsListener.both(listener, added);
    }

    /** Operations, flushes and lock waits taking at least {@code threshold} are warned of (zero: all of them). */
    public void slowThreshold(Duration threshold) {
        diagnostics.threshold(Objects.requireNonNull(threshold, "threshold"));
    }

    public Duration slowThreshold() {
        return diagnostics.threshold();
    }

    /**
     * Takes {@code lock} and returns how long this thread waited for it: 0 if it was free (an uncontended lock
     * costs what {@code tryLock} costs: nothing is timed). Pass the result to {@link #lockWaited} once the lock is
     * released, so that reporting never lengthens the critical section others are waiting on.
     */
    public long lock(Lock lock) {
        if (lock.tryLock()) {
            return 0;
        }
        long start = System.nanoTime();
        lock.lock();
        return Math.max(1, System.nanoTime() - start);
    }

    /** Reports a wait {@link #lock} measured ({@link VikingFsListener#lockWait}); nothing if it was 0. */
    public void lockWaited(Object path, long nanos) {
        if (nanos > 0) {
            listener.lockWait(String.valueOf(path), nanos);
        }
    }

    /** The hub of {@code fs}: its own if it is {@link Observable}, else that of the first observable delegate. */
    public static Optional<Telemetry> of(VikingFs fs) {
        for (VikingFs f = fs; f != null; f = f instanceof ForwardingVikingFs fw ? fw.delegate() : null) {
            if (f instanceof Observable o) {
                return Optional.of(o.telemetry());
            }
        }
        return Optional.empty();
    }

    /**
     * Attaches {@code listener} to the hub of {@code fs} (a new one if no store in the chain is {@link Observable})
     * and returns {@code fs} wrapped in an {@link ObservedVikingFs} reporting each operation to it — or {@code fs}
     * itself if it already is one. Use the returned store; closing it closes {@code fs}.
     */
    public static VikingFs observe(VikingFs fs, VikingFsListener listener) {
        Objects.requireNonNull(fs, "fs");
        Objects.requireNonNull(listener, "listener");
        if (fs instanceof ObservedVikingFs observed) {
            observed.telemetry().attach(listener);
            return observed;
        }
        Telemetry hub = of(fs).orElseGet(Telemetry::new);
        hub.attach(listener);
        return new ObservedVikingFs(fs, hub);
    }

    /** As {@link #observe(VikingFs, VikingFsListener)}, with the store's slow-operation threshold set. */
    public static VikingFs observe(VikingFs fs, VikingFsListener listener, Duration slowThreshold) {
        VikingFs observed = observe(fs, listener);
        ((ObservedVikingFs) observed).telemetry().slowThreshold(slowThreshold);
        return observed;
    }

    /** The threshold the system property gives, else one second; a bad value is warned of and ignored. */
    static Duration defaultSlowThreshold() {
        String value = System.getProperty(SLOW_THRESHOLD_PROPERTY);
        if (value == null || value.isBlank()) {
            return DEFAULT_SLOW_THRESHOLD;
        }
        try {
            Duration d = value.trim().startsWith("P") ? Duration.parse(value.trim())
                    : Duration.ofMillis(Long.parseLong(value.trim()));
            if (!d.isNegative()) {
                return d;
            }
        } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
            // warned below
        }
        Diagnostics.SLOW.warn("ignoring -D{}={}: give milliseconds (500) or an ISO-8601 duration (PT0.5S), not "
                + "negative; using {}", SLOW_THRESHOLD_PROPERTY, value, DEFAULT_SLOW_THRESHOLD);
        return DEFAULT_SLOW_THRESHOLD;
    }

    @Override
    public String toString() {
        return "Telemetry[" + listener + "]";
    }
}
