package io.vikingfs.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.vikingfs.VikingFs;
import io.vikingfs.telemetry.FlushKind;
import io.vikingfs.telemetry.Operation;
import io.vikingfs.telemetry.Telemetry;
import io.vikingfs.telemetry.VikingFsListener;

import java.net.URI;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Binds a store's telemetry to Micrometer meters, every one tagged with the store ({@code store}: its URI without
 * query) and the backend ({@code backend}: the URI scheme) plus any tags given:
 *
 * <pre>{@code
 * VikingFs fs = VikingFsMetrics.observe(VikingFs.open(uri), registry);   // use the returned store
 * }</pre>
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>extra tags</th><th>what</th></tr>
 *   <tr><td>{@value #OPERATIONS}</td><td>timer</td><td>operation, outcome</td><td>each operation's latency;
 *       outcome {@code success} or the exception's simple class name</td></tr>
 *   <tr><td>{@value #APPENDS}</td><td>counter (calls)</td><td></td><td>append / appendAll calls that
 *       returned</td></tr>
 *   <tr><td>{@value #APPEND_RECORDS}</td><td>counter (records)</td><td></td><td>records those calls appended</td></tr>
 *   <tr><td>{@value #ATOMIC_WRITES}</td><td>counter (calls)</td><td></td><td>atomicWrite calls that returned</td></tr>
 *   <tr><td>{@value #SWITCH_DURATION}</td><td>timer</td><td></td><td>switchDirectory calls that returned</td></tr>
 *   <tr><td>{@value #FLUSHES}</td><td>counter (flushes)</td><td>kind</td><td>fsyncs of a file ({@code file}: a
 *       log's shared flush, an atomicWrite's temp file) or a directory ({@code directory}), failed ones included</td></tr>
 *   <tr><td>{@value #FLUSH_LATENCY}</td><td>timer</td><td>kind</td><td>how long each fsync took</td></tr>
 *   <tr><td>{@value #FLUSH_CHANGES}</td><td>distribution summary (changes)</td><td>kind</td><td>appends or
 *       directory-entry changes one fsync made durable (group commit)</td></tr>
 *   <tr><td>{@value #FLUSH_FAILURES}</td><td>counter</td><td>kind</td><td>failed fsyncs (durability lost)</td></tr>
 *   <tr><td>{@value #LOCK_WAIT}</td><td>timer</td><td></td><td>waits for a lock another thread held (uncontended
 *       acquisitions are not counted)</td></tr>
 *   <tr><td>{@value #OBJECT_REQUESTS}</td><td>counter (requests)</td><td>request</td><td>S3 requests as the
 *       protocols sent them, whatever the outcome</td></tr>
 *   <tr><td>{@value #OBJECT_ERRORS}</td><td>counter</td><td>request, error</td><td>S3 requests that failed after
 *       retries, by kind ({@code precondition_failed}, {@code conflict}, {@code not_found}, {@code http_503},
 *       {@code io}, …)</td></tr>
 *   <tr><td>{@value #OBJECT_RETRIES}</td><td>counter</td><td>request, reason</td><td>S3 requests sent again after a
 *       transient failure</td></tr>
 *   <tr><td>{@value #AUDIT_VERDICT}</td><td>gauge (always 1)</td><td>guarantee, verdict</td><td>the store audit's
 *       verdict on each guarantee ({@code full}, {@code weaker}, {@code unsupported})</td></tr>
 * </table>
 *
 * <p>Thread-safe; each event costs a map lookup at most and the meter's own update.
 */
public final class VikingFsMetrics implements VikingFsListener {
    public static final String OPERATIONS = "vikingfs.operations";
    public static final String APPENDS = "vikingfs.appends";
    public static final String APPEND_RECORDS = "vikingfs.append.records";
    public static final String ATOMIC_WRITES = "vikingfs.atomic.writes";
    public static final String SWITCH_DURATION = "vikingfs.switch.duration";
    public static final String FLUSHES = "vikingfs.flushes";
    public static final String FLUSH_LATENCY = "vikingfs.flush.latency";
    public static final String FLUSH_CHANGES = "vikingfs.flush.changes";
    public static final String FLUSH_FAILURES = "vikingfs.flush.failures";
    public static final String LOCK_WAIT = "vikingfs.lock.wait";
    public static final String OBJECT_REQUESTS = "vikingfs.object.requests";
    public static final String OBJECT_ERRORS = "vikingfs.object.errors";
    public static final String OBJECT_RETRIES = "vikingfs.object.retries";
    public static final String AUDIT_VERDICT = "vikingfs.audit.verdict";

    /** The meters of one kind of flush. */
    private record FlushMeters(Counter count, Timer latency, DistributionSummary changes, Counter failures) {
    }

    private final MeterRegistry registry;
    private final Tags tags;
    private final Map<Operation, Timer> succeeded = new EnumMap<>(Operation.class);
    private final ConcurrentHashMap<String, Timer> failed = new ConcurrentHashMap<>();
    private final Counter appends;
    private final Counter appendRecords;
    private final Counter atomicWrites;
    private final Timer switches;
    private final Map<FlushKind, FlushMeters> flushes = new EnumMap<>(FlushKind.class);
    private final Timer lockWait;
    private final ConcurrentHashMap<String, Counter> objectCounters = new ConcurrentHashMap<>();

    /** Meters in {@code registry} with {@code tags} (for instance {@code store} and {@code backend}). */
    public VikingFsMetrics(MeterRegistry registry, Iterable<Tag> tags) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
        for (Operation op : Operation.values()) {
            succeeded.put(op, operationTimer(op, "success"));
        }
        appends = Counter.builder(APPENDS).baseUnit("calls").description("append calls that returned")
                .tags(this.tags).register(registry);
        appendRecords = Counter.builder(APPEND_RECORDS).baseUnit("records")
                .description("records appended by the append calls that returned").tags(this.tags).register(registry);
        atomicWrites = Counter.builder(ATOMIC_WRITES).baseUnit("calls").description("atomicWrite calls that returned")
                .tags(this.tags).register(registry);
        switches = Timer.builder(SWITCH_DURATION).description("switchDirectory calls that returned")
                .tags(this.tags).register(registry);
        for (FlushKind kind : FlushKind.values()) {
            Tags k = this.tags.and("kind", kind.label());
            flushes.put(kind, new FlushMeters(
                    Counter.builder(FLUSHES).baseUnit("flushes").description("fsyncs, failed ones included")
                            .tags(k).register(registry),
                    Timer.builder(FLUSH_LATENCY).description("how long each fsync took").tags(k).register(registry),
                    DistributionSummary.builder(FLUSH_CHANGES).baseUnit("changes")
                            .description("appends or directory-entry changes one fsync made durable")
                            .tags(k).register(registry),
                    Counter.builder(FLUSH_FAILURES).baseUnit("flushes").description("failed fsyncs: durability lost")
                            .tags(k).register(registry)));
        }
        lockWait = Timer.builder(LOCK_WAIT).description("waits for a lock another thread held")
                .tags(this.tags).register(registry);
    }

    /**
     * Binds {@code fs} to {@code registry} (tags {@code store}, {@code backend} and {@code extra}) and returns the
     * store to use: {@code fs} observed ({@link Telemetry#observe}). Closing it closes {@code fs}.
     */
    public static VikingFs observe(VikingFs fs, MeterRegistry registry, Tag... extra) {
        return Telemetry.observe(fs, new VikingFsMetrics(registry, storeTags(fs.uri()).and(extra)));
    }

    /** {@code store} (the URI without its query, which may name an endpoint) and {@code backend} (its scheme). */
    public static Tags storeTags(URI uri) {
        String s = uri.toString();
        int q = s.indexOf('?');
        return Tags.of("store", q < 0 ? s : s.substring(0, q), "backend", String.valueOf(uri.getScheme()));
    }

    private Timer operationTimer(Operation op, String outcome) {
        return Timer.builder(OPERATIONS).description("latency of each store operation")
                .tags(tags.and("operation", op.label(), "outcome", outcome)).register(registry);
    }

    @Override
    public void operation(Operation operation, String path, long nanos, int records, Throwable failure) {
        if (failure != null) {
            String outcome = failure.getClass().getSimpleName();
            failed.computeIfAbsent(operation.label() + '/' + outcome, k -> operationTimer(operation, outcome))
                    .record(nanos, TimeUnit.NANOSECONDS);
            return;
        }
        succeeded.get(operation).record(nanos, TimeUnit.NANOSECONDS);
        switch (operation) {
            case APPEND -> {
                appends.increment();
                appendRecords.increment(records);
            }
            case ATOMIC_WRITE -> atomicWrites.increment();
            case SWITCH_DIRECTORY -> switches.record(nanos, TimeUnit.NANOSECONDS);
            default -> {
            }
        }
    }

    @Override
    public void flush(FlushKind kind, String path, long nanos, long changes, boolean failedFlush) {
        FlushMeters m = flushes.get(kind);
        m.count().increment();
        m.latency().record(nanos, TimeUnit.NANOSECONDS);
        m.changes().record(changes);
        if (failedFlush) {
            m.failures().increment();
        }
    }

    @Override
    public void lockWait(String path, long nanos) {
        lockWait.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void objectRequest(String request, String error) {
        objectCounter(OBJECT_REQUESTS, "requests", "S3 requests as the protocols sent them", "request", request,
                null, null).increment();
        if (error != null) {
            objectCounter(OBJECT_ERRORS, "requests", "S3 requests that failed after retries", "request", request,
                    "error", error).increment();
        }
    }

    @Override
    public void objectRetry(String request, String reason) {
        objectCounter(OBJECT_RETRIES, "requests", "S3 requests sent again after a transient failure", "request",
                request, "reason", reason).increment();
    }

    private Counter objectCounter(String name, String unit, String description, String k1, String v1, String k2,
                                  String v2) {
        String key = name + '/' + v1 + '/' + v2;
        return objectCounters.computeIfAbsent(key, k -> {
            Tags t = tags.and(k1, v1);
            if (k2 != null) {
                t = t.and(k2, v2);
            }
            return Counter.builder(name).baseUnit(unit).description(description).tags(t).register(registry);
        });
    }

    @Override
    public void auditVerdict(String guarantee, String verdict) {
        Gauge.builder(AUDIT_VERDICT, () -> 1).strongReference(true)
                .description("the store audit's verdict on a guarantee (1 for the verdict in the tags)")
                .tags(tags.and("guarantee", guarantee, "verdict", verdict)).register(registry);
    }

    @Override
    public String toString() {
        return "VikingFsMetrics" + tags;
    }
}
