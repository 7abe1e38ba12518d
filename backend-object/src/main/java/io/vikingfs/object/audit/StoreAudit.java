package io.vikingfs.object.audit;

import io.vikingfs.object.client.AppendableObjectClient;
import io.vikingfs.object.client.ObjectClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Measures whether an S3-compatible store keeps the promises the S3 backend builds on — create-only and
 * {@code If-Match} writes (alone and racing), conditional multipart complete, delete and copy, read- and
 * list-after-write, listing order and pagination, and what it does with a header it does not support — and
 * judges each {@link Guarantee} from what it saw.
 *
 * <p>The audit works under a fresh {@code .vfs-audit-<uuid>/} prefix. On return, and on an exception, it has
 * removed every object it wrote (it throws, naming what is left, if it could not). A crash of the auditing
 * process can leave that prefix behind; listings hide it and a later audit never reuses it.
 */
public final class StoreAudit {
    private static final Logger LOG = LoggerFactory.getLogger(StoreAudit.class);

    private StoreAudit() {
    }

    /**
     * The verdict for the endpoint {@code client} talks to, as the backend needs it when opening: with
     * {@link AuditOptions.Mode#TRUST_STORE}, {@link AuditVerdict#trusted} without a request; with
     * {@link AuditOptions.Mode#AUDIT_IF_UNKNOWN}, a cached verdict younger than {@link AuditOptions#maxAge()} if
     * there is one, else a new audit, cached; with {@link AuditOptions.Mode#ALWAYS_AUDIT}, a new audit, cached.
     *
     * @throws IOException if the audit's requests fail, its scratch prefix cannot be emptied, or the verdict
     *                     cannot be cached
     */
    public static AuditVerdict forEndpoint(ObjectClient client, AuditOptions options) throws IOException {
        Instant now = Instant.now();
        String endpoint = options.endpointId().orElse(client.describe());
        if (options.mode() == AuditOptions.Mode.TRUST_STORE) {
            LOG.info("store audit of {} skipped: trusted by configuration", endpoint);
            return AuditVerdict.trusted(endpoint, now);
        }
        Optional<AuditCache> cache = options.cacheDir().map(AuditCache::new);
        if (options.mode() == AuditOptions.Mode.AUDIT_IF_UNKNOWN && cache.isPresent()) {
            Optional<AuditVerdict> cached = cache.get().load(endpoint, options.maxAge(), now);
            // a verdict from before the append-position probe existed says nothing about a store's append objects
            boolean complete = !(client instanceof AppendableObjectClient)
                    || cached.flatMap(v -> v.measurement(Primitive.APPEND_POSITION_RACE)).isPresent();
            if (cached.isPresent() && complete) {
                LOG.debug("store audit of {}: using the verdict of {}", endpoint, cached.get().auditedAt());
                return cached.get();
            }
        }
        LOG.info("store audit of {}: measuring (about 15-40 s; cached for {} afterwards)", endpoint, options.maxAge());
        AuditVerdict v = run(client, options);
        if (cache.isPresent()) {
            cache.get().store(v);
        }
        return v;
    }

    /**
     * Audits now, without the cache.
     *
     * @throws IOException if the scratch prefix cannot be emptied afterwards (the message names what is left);
     *                     a request failing inside one measurement is recorded as {@link Outcome#FAILED} instead
     */
    public static AuditVerdict run(ObjectClient client, AuditOptions options) throws IOException {
        long start = System.nanoTime();
        Instant at = Instant.now();
        Scratch scratch = new Scratch(client, options.scratchParent());
        ExecutorService executor = Executors.newFixedThreadPool(options.racers(), threads());
        List<Measurement> ms = new ArrayList<>();
        try {
            ConditionalWriteProbes cw = new ConditionalWriteProbes(client, scratch, options, executor);
            ConsistencyProbes cp = new ConsistencyProbes(client, scratch, options);
            ExtensionProbes ep = new ExtensionProbes(client, options.probes(), scratch);
            ms.add(timed(cw::createOnlySequential));
            ms.add(timed(cw::createOnlyRace));
            ms.add(timed(cw::ifMatchSequential));
            ms.add(timed(cw::ifMatchRace));
            ms.add(timed(ep::createOnlyHeldOpen));
            ms.add(timed(ep::ifMatchHeldOpen));
            ms.add(timed(ep::multipartCreateOnly));
            ms.add(timed(ep::conditionalDelete));
            ms.add(timed(ep::copyIfAbsent));
            ms.add(timed(cp::readAfterWrite));
            ms.add(timed(cp::listAfterWrite));
            ms.add(timed(cp::listOrder));
            ms.add(timed(cp::listPagination));
            ms.add(timed(cp::nestedKeys));
            ms.add(timed(ep::unsupportedHeader));
            ReadListProbes rl = new ReadListProbes(client, options.probes(), scratch, executor, cp);
            ms.add(timed(rl::readsDuringOverwrites));
            ms.add(timed(rl::delimitedPages));
            ms.add(timed(rl::listingDuringPut));
            ms.add(timed(rl::nativeChecksum));
            if (client instanceof AppendableObjectClient appendable) {
                // logs in append objects rest on the append-position condition: measured only where it exists
                AppendProbes ap = new AppendProbes(appendable, scratch, options.racers(), executor);
                ms.add(timed(ap::positionRace));
            }
        } finally {
            executor.shutdownNow();
            scratch.removeAll(options.listingLagWait());
        }
        AuditVerdict v = AuditVerdict.of(options.endpointId().orElse(client.describe()), at,
                (System.nanoTime() - start) / 1_000_000, ms);
        LOG.info("store audit of {} done in {} ms: {}", v.endpoint(), v.durationMillis(),
                v.verdicts().stream().map(g -> g.guarantee().label() + "=" + g.level()).toList());
        return v;
    }

    /** Runs one measurement and adds its duration ({@code elapsedMs}), so a slow step of an audit can be found. */
    private static Measurement timed(Supplier<Measurement> probe) {
        long t0 = System.nanoTime();
        Measurement m = probe.get();
        Map<String, Long> counts = new LinkedHashMap<>(m.counts());
        counts.put("elapsedMs", (System.nanoTime() - t0) / 1_000_000);
        return new Measurement(m.primitive(), m.outcome(), m.detail(), counts);
    }

    private static ThreadFactory threads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "vikingfs-audit-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
