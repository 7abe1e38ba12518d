package io.vikingfs.micrometer;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vikingfs.Precondition;
import io.vikingfs.PreconditionFailedException;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.WriteOptions;
import io.vikingfs.object.ObjectStoreOptions;
import io.vikingfs.object.ObjectVikingFs;
import io.vikingfs.object.audit.AuditOptions;
import io.vikingfs.object.audit.AuditVerdict;
import io.vikingfs.object.audit.GuaranteeGate;
import io.vikingfs.object.client.CountingObjectClient;
import io.vikingfs.object.client.ForwardingObjectClient;
import io.vikingfs.object.client.InMemoryObjectClient;
import io.vikingfs.object.client.ObjectClient;
import io.vikingfs.object.client.ObjectMeta;
import io.vikingfs.object.client.ObjectStoreException;
import io.vikingfs.object.client.PutMode;
import io.vikingfs.object.client.RetryingObjectClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Object-store requests, errors by kind, retries and audit verdicts, against the in-memory object client. */
class S3MetricsTest {
    private static final URI URI_ = URI.create("s3://metrics/agents");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    /** Fails the first {@code failures} PUTs with a 503 before they reach the store. */
    private static final class Unavailable extends ForwardingObjectClient {
        final AtomicInteger failures;

        Unavailable(ObjectClient delegate, int failures) {
            super(delegate);
            this.failures = new AtomicInteger(failures);
        }

        @Override
        public ObjectMeta put(String key, byte[] data, PutMode mode) throws IOException {
            if (failures.getAndDecrement() > 0) {
                throw new ObjectStoreException("503 Slow Down (injected)", 503, true, null);
            }
            return super.put(key, data, mode);
        }
    }

    @Test
    void everyRequestTheProtocolsSendIsCountedByKindAndRefusedWritesByError() throws Exception {
        CountingObjectClient counting = new CountingObjectClient(new InMemoryObjectClient());
        VikingFs fs = VikingFsMetrics.observe(ObjectVikingFs.open(counting, "agents", ObjectStoreOptions.DEFAULT, true, URI_,
                null), registry);
        long before = counting.requests(); // recovery on open ran before the listener was attached
        long writesBefore = counting.acknowledgedWrites();
        VPath file = VPath.of("sessions/registry.json");
        var stale = fs.atomicWrite(file, "{\"v\":1}".getBytes(UTF_8), WriteOptions.DEFAULT);
        fs.atomicWrite(file, "{}".getBytes(UTF_8), WriteOptions.DEFAULT);
        // a PUT with If-Match on the stale ETag: the store answers 412
        assertThatThrownBy(() -> fs.atomicWrite(file, "{}".getBytes(UTF_8),
                WriteOptions.precondition(Precondition.ifMatch(stale)))).isInstanceOf(PreconditionFailedException.class);
        for (int i = 0; i < 5; i++) {
            fs.append(VPath.of("sessions/s1/log.jsonl"), "{\"n\":" + i + "}", true);
        }
        assertThat(fs.read(file)).isEqualTo("{}".getBytes(UTF_8));
        fs.close();

        double total = registry.find(VikingFsMetrics.OBJECT_REQUESTS).counters().stream()
                .mapToDouble(c -> c.count()).sum();
        assertThat(total).isEqualTo(counting.requests() - before); // no retries here: one each way
        double mutations = 0;
        for (String request : new String[] {"put", "copy", "delete"}) {
            var sent = registry.find(VikingFsMetrics.OBJECT_REQUESTS).tag("request", request).counter();
            var failed = registry.find(VikingFsMetrics.OBJECT_ERRORS).tag("request", request).counters();
            mutations += (sent == null ? 0 : sent.count()) - failed.stream().mapToDouble(c -> c.count()).sum();
        }
        assertThat(mutations).isEqualTo(counting.acknowledgedWrites() - writesBefore);
        assertThat(registry.get(VikingFsMetrics.OBJECT_REQUESTS).tag("request", "put").counter().count())
                .isGreaterThanOrEqualTo(3);
        assertThat(registry.get(VikingFsMetrics.OBJECT_ERRORS).tag("request", "put")
                .tag("error", "precondition_failed").counter().count()).isEqualTo(1);
        assertThat(registry.get(VikingFsMetrics.APPENDS).tag("backend", "s3").counter().count()).isEqualTo(5);
        assertThat(registry.get(VikingFsMetrics.ATOMIC_WRITES).counter().count()).isEqualTo(2);
        assertThat(registry.find(VikingFsMetrics.FLUSHES).counters()).allMatch(c -> c.count() == 0); // S3 has no fsync
    }

    @Test
    void retriesAreCountedByReasonAndTheRequestOnce() throws Exception {
        InMemoryObjectClient store = new InMemoryObjectClient();
        RetryingObjectClient retrying = new RetryingObjectClient(new Unavailable(store, 2), 6, Duration.ofMillis(1),
                5 * 1024 * 1024);
        try (VikingFs fs = VikingFsMetrics.observe(ObjectVikingFs.open(retrying, "agents", ObjectStoreOptions.DEFAULT, true,
                URI_, null), registry)) {
            fs.atomicWrite(VPath.of("a.json"), "{}".getBytes(UTF_8), WriteOptions.DEFAULT);
        }
        assertThat(registry.get(VikingFsMetrics.OBJECT_RETRIES).tag("request", "put").tag("reason", "http_503")
                .counter().count()).isEqualTo(2);
        assertThat(registry.get(VikingFsMetrics.OBJECT_REQUESTS).tag("request", "put").counter().count())
                .isEqualTo(1);
        assertThat(registry.find(VikingFsMetrics.OBJECT_ERRORS).counters()).isEmpty();
    }

    @Test
    void theAuditVerdictIsAGaugePerGuarantee() throws Exception {
        AuditVerdict trusted = AuditVerdict.trusted("memory", Instant.now());
        GuaranteeGate gate = GuaranteeGate.of(trusted, AuditOptions.defaults());
        try (VikingFs fs = VikingFsMetrics.observe(ObjectVikingFs.open(new InMemoryObjectClient(), "agents",
                ObjectStoreOptions.DEFAULT, true, gate, URI_, null), registry)) {
            assertThat(fs.exists(VPath.of("x"))).isFalse();
        }
        var gauges = registry.find(VikingFsMetrics.AUDIT_VERDICT).gauges();
        assertThat(gauges).hasSize(trusted.verdicts().size()).allMatch(g -> g.value() == 1.0);
        for (var v : trusted.verdicts()) {
            assertThat(registry.get(VikingFsMetrics.AUDIT_VERDICT)
                    .tag("guarantee", v.guarantee().name().toLowerCase(java.util.Locale.ROOT))
                    .tag("verdict", v.level().name().toLowerCase(java.util.Locale.ROOT)).gauge().value())
                    .isEqualTo(1.0);
        }
    }
}
