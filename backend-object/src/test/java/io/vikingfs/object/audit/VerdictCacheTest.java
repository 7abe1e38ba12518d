package io.vikingfs.object.audit;

import io.vikingfs.Capabilities;
import io.vikingfs.Capability;
import io.vikingfs.object.client.InMemoryObjectClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The verdict's JSON form, the dated cache, and the modes of {@link StoreAudit#forEndpoint}. */
class VerdictCacheTest {
    @TempDir
    Path cacheDir;

    private final InMemoryObjectClient store = new InMemoryObjectClient();
    private final AtomicLong requests = new AtomicLong();
    private final InMemoryObjectClient counted = store.view((i, op, key) -> {
        requests.incrementAndGet();
        return InMemoryObjectClient.Outcome.APPLY;
    });

    private AuditOptions options() {
        return AuditOptions.defaults().withCacheDir(cacheDir).withRace(4, 3, 3);
    }

    @Test
    void json_roundTripsEveryField() throws Exception {
        AuditVerdict v = StoreAudit.run(FaultyObjectClients.checkThenActIfMatch(store), options());
        AuditVerdict back = AuditVerdict.fromJson(v.toJson());
        assertThat(back).isEqualTo(v);
        assertThat(back.toTable()).isEqualTo(v.toTable());
    }

    @Test
    void json_ofAnotherFormat_isRejectedWithAClearMessage() {
        assertThatThrownBy(() -> AuditVerdict.fromJson("{\"format\": 0}"))
                .isInstanceOf(IOException.class).hasMessageContaining("run the audit again");
        assertThatThrownBy(() -> AuditVerdict.fromJson("[1]")).isInstanceOf(IOException.class);
    }

    @Test
    void forEndpoint_auditsOnce_thenUsesTheDatedCache() throws Exception {
        AuditVerdict first = StoreAudit.forEndpoint(counted, options());
        long afterFirst = requests.get();
        assertThat(afterFirst).isPositive();
        assertThat(Files.list(cacheDir)).hasSize(1);
        AuditVerdict second = StoreAudit.forEndpoint(counted, options());
        assertThat(requests.get()).as("no request for a cached endpoint").isEqualTo(afterFirst);
        assertThat(second).isEqualTo(first);
    }

    @Test
    void forEndpoint_reauditsWhenTheCacheIsStale_orWhenAskedTo() throws Exception {
        StoreAudit.forEndpoint(counted, options());
        long n = requests.get();
        StoreAudit.forEndpoint(counted, options().withMaxAge(Duration.ZERO));
        assertThat(requests.get()).isGreaterThan(n);
        n = requests.get();
        StoreAudit.forEndpoint(counted, options().withMode(AuditOptions.Mode.ALWAYS_AUDIT));
        assertThat(requests.get()).isGreaterThan(n);
    }

    @Test
    void forEndpoint_withACorruptCacheFile_auditsAgainAndRepairsIt() throws Exception {
        AuditCache cache = new AuditCache(cacheDir);
        Files.createDirectories(cacheDir);
        Files.writeString(cache.fileFor(counted.describe()), "{\"format\": 1, \"endpo");
        AuditVerdict v = StoreAudit.forEndpoint(counted, options());
        assertThat(requests.get()).isPositive();
        assertThat(cache.load(counted.describe(), Duration.ofDays(1), Instant.now())).contains(v);
    }

    @Test
    void trustStore_sendsNoRequest_andClaimsEverything_markedUnmeasured() throws Exception {
        AuditVerdict v = StoreAudit.forEndpoint(counted, options().withMode(AuditOptions.Mode.TRUST_STORE));
        assertThat(requests.get()).isZero();
        assertThat(v.measured()).isFalse();
        assertThat(v.verdicts()).allSatisfy(g -> assertThat(g.level()).isEqualTo(Level.FULL));
        assertThat(v.toTable()).contains("NOT MEASURED");
        Capabilities all = Capabilities.of(Capability.values());
        assertThat(v.restrict(all).asSet()).isEqualTo(all.asSet());
        assertThat(Files.list(cacheDir)).as("a trusted verdict is not cached as if measured").isEmpty();
    }

    @Test
    void uriParameters_setModeCacheAndAcceptedModes_andRejectUnknownValues() {
        AuditOptions o = AuditOptions.defaults().withUriParameters(Map.of("audit", "off", "auditCache", "none",
                "auditAccept", "atomic_write_if_match, APPEND_MULTI_CLIENT", "auditMaxAge", "PT1H"));
        assertThat(o.mode()).isEqualTo(AuditOptions.Mode.TRUST_STORE);
        assertThat(o.cacheDir()).isEmpty();
        assertThat(o.acceptedWeaker()).containsExactlyInAnyOrder(Guarantee.ATOMIC_WRITE_IF_MATCH,
                Guarantee.APPEND_MULTI_CLIENT);
        assertThat(o.maxAge()).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> AuditOptions.defaults().withUriParameters(Map.of("audit", "sometimes")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("auto, always or off");
        assertThatThrownBy(() -> AuditOptions.defaults().withUriParameters(Map.of("auditAccept", "teleport")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("teleport");
    }
}
