package io.vikingfs.object.audit;

import io.vikingfs.Capability;
import io.vikingfs.Precondition;
import io.vikingfs.RenameOptions;
import io.vikingfs.UnsupportedByBackendException;
import io.vikingfs.VPath;
import io.vikingfs.Version;
import io.vikingfs.WriteOptions;
import io.vikingfs.object.ObjectStoreOptions;
import io.vikingfs.object.ObjectVikingFs;
import io.vikingfs.object.client.InMemoryAppendableObjectClient;
import io.vikingfs.object.client.InMemoryObjectClient;
import io.vikingfs.object.client.ObjectClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The S3 backend opened with the audit's verdict of each faulty client refuses, before sending a request, what
 * that store cannot guarantee — and performs it once the user accepts the weaker mode.
 */
class GatedBackendTest {
    private static final VPath FILE = VPath.of("sessions/registry.json");
    private static final VPath LOG = VPath.of("sessions/a/messages.jsonl");

    private final InMemoryObjectClient store = new InMemoryObjectClient();
    private final AuditOptions options = AuditOptions.defaults().withCacheDir(null).withRace(16, 20, 24);

    private ObjectVikingFs open(ObjectClient client, AuditOptions o) throws IOException {
        GuaranteeGate gate = GuaranteeGate.of(StoreAudit.run(client, o), o);
        return ObjectVikingFs.open(client, "root", ObjectStoreOptions.DEFAULT, true, gate, URI.create("s3://test/root"), null);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void storeIgnoringPreconditions_refusesConditionalWritesAppendsAndSwitches_andChangesNothing() throws Exception {
        try (ObjectVikingFs fs = open(FaultyObjectClients.ignoringPreconditions(store), options)) {
            Version v = fs.atomicWrite(FILE, bytes("{}"), WriteOptions.DEFAULT);
            Map<String, byte[]> before = store.snapshot();
            assertThatThrownBy(() -> fs.atomicWrite(FILE, bytes("x"), WriteOptions.DEFAULT.withPrecondition(
                    Precondition.ifAbsent()))).isInstanceOfSatisfying(UnsupportedByBackendException.class, e ->
                    assertThat(e.getMessage()).contains("If-None-Match: * is ignored", "nothing was changed"));
            assertThatThrownBy(() -> fs.atomicWrite(FILE, bytes("x"), WriteOptions.DEFAULT.withPrecondition(
                    Precondition.ifMatch(v)))).isInstanceOf(UnsupportedByBackendException.class);
            assertThatThrownBy(() -> fs.append(LOG, "{\"n\":1}", true))
                    .isInstanceOfSatisfying(UnsupportedByBackendException.class, e ->
                            assertThat(e.getMessage()).contains("one appending client per log",
                                    "auditAccept=APPEND_MULTI_CLIENT"));
            fs.mkdirs(VPath.of("staged"));
            Map<String, byte[]> beforeSwitch = store.snapshot();
            assertThatThrownBy(() -> fs.switchDirectory(VPath.of("staged"), VPath.of("live"), true))
                    .isInstanceOf(UnsupportedByBackendException.class);
            assertThatThrownBy(() -> fs.rename(FILE, VPath.of("other.json"), RenameOptions.DEFAULT))
                    .isInstanceOf(UnsupportedByBackendException.class);
            assertThat(store.snapshot().keySet()).isEqualTo(beforeSwitch.keySet());
            assertThat(before.keySet()).isSubsetOf(store.snapshot().keySet());
            assertThat(fs.capabilities().has(Capability.ATOMIC_CONDITIONAL_WRITE)).isFalse();
            assertThat(fs.capabilities().has(Capability.CROSS_PROCESS_SAFE)).isFalse();
        }
    }

    @Test
    void acceptedWeakerMode_letsTheOperationThrough_butNotAnUnsupportedOne() throws Exception {
        AuditOptions accepting = options.withAcceptedWeaker(Set.of(Guarantee.APPEND_MULTI_CLIENT));
        try (ObjectVikingFs fs = open(FaultyObjectClients.ignoringPreconditions(store), accepting)) {
            fs.append(LOG, "{\"n\":1}", true);
            assertThat(fs.readRecords(LOG).records()).hasSize(1);
            assertThatThrownBy(() -> fs.atomicWrite(FILE, bytes("x"), WriteOptions.DEFAULT.withPrecondition(
                    Precondition.ifAbsent()))).isInstanceOf(UnsupportedByBackendException.class);
        }
    }

    @Test
    void checkThenActCreateOnly_refusesIfAbsent_butKeepsIfMatch() throws Exception {
        try (ObjectVikingFs fs = open(FaultyObjectClients.checkThenActCreate(store), options)) {
            Version v = fs.atomicWrite(FILE, bytes("{}"), WriteOptions.DEFAULT);
            assertThatThrownBy(() -> fs.atomicWrite(VPath.of("new.json"), bytes("x"), WriteOptions.DEFAULT
                    .withPrecondition(Precondition.ifAbsent()))).isInstanceOfSatisfying(
                    UnsupportedByBackendException.class, e -> assertThat(e.getMessage()).contains("one creator per path"));
            assertThat(fs.exists(VPath.of("new.json"))).isFalse();
            fs.atomicWrite(FILE, bytes("{\"a\":1}"), WriteOptions.DEFAULT.withPrecondition(Precondition.ifMatch(v)));
            assertThat(fs.read(FILE)).isEqualTo(bytes("{\"a\":1}"));
        }
    }

    @Test
    void checkThenActIfMatch_refusesIfMatch_andDropsAtomicConditionalWrite_butKeepsAppends() throws Exception {
        try (ObjectVikingFs fs = open(FaultyObjectClients.checkThenActIfMatch(store), options)) {
            Version v = fs.atomicWrite(FILE, bytes("{}"), WriteOptions.DEFAULT);
            assertThatThrownBy(() -> fs.atomicWrite(FILE, bytes("x"), WriteOptions.DEFAULT.withPrecondition(
                    Precondition.ifMatch(v)))).isInstanceOfSatisfying(UnsupportedByBackendException.class, e -> {
                        assertThat(e.missing()).isEqualTo(Capability.ATOMIC_CONDITIONAL_WRITE);
                        assertThat(e.getMessage()).contains("lost updates");
                    });
            assertThat(fs.read(FILE)).isEqualTo(bytes("{}"));
            assertThat(fs.capabilities().has(Capability.ATOMIC_CONDITIONAL_WRITE)).isFalse();
            assertThat(fs.capabilities().has(Capability.CROSS_PROCESS_SAFE)).isTrue();
            fs.append(LOG, "{\"n\":1}", true);
            assertThat(fs.readRecords(LOG).records()).hasSize(1);
        }
    }

    @Test
    void laggingListings_refuseMultiClientAppends() throws Exception {
        try (ObjectVikingFs fs = open(FaultyObjectClients.laggingListings(store, 300), options)) {
            assertThatThrownBy(() -> fs.append(LOG, "{\"n\":1}", true))
                    .isInstanceOfSatisfying(UnsupportedByBackendException.class, e ->
                            assertThat(e.getMessage()).contains("listings lag behind writes"));
        }
    }

    /**
     * Logs in append objects order racing writers by the append-position condition alone: where racing appenders
     * at one position all land, the audit measures it and the backend refuses {@code append} naming the defect,
     * before any request — and appends again once the user accepts one appending client per log.
     */
    @Test
    void appendObjectsWithoutAnAtomicPositionCondition_refuseAppend_namingTheDefect() throws Exception {
        InMemoryAppendableObjectClient appendable = new InMemoryAppendableObjectClient(64 * 1024, 1000);
        var unconditional = FaultyObjectClients.unconditionalAppends(appendable);
        AuditVerdict v = StoreAudit.run(unconditional, options);
        Measurement race = v.measurement(Primitive.APPEND_POSITION_RACE).orElseThrow();
        assertThat(race.outcome()).as(race.detail()).isEqualTo(Outcome.NOT_ATOMIC);
        assertThat(race.count("blocksLanded")).isGreaterThan(race.count("rounds"));
        assertThat(v.level(Guarantee.APPEND_MULTI_CLIENT)).as(v.toTable()).isEqualTo(Level.WEAKER);
        try (ObjectVikingFs fs = open(unconditional, options)) {
            Map<String, byte[]> before = appendable.snapshot();
            assertThatThrownBy(() -> fs.append(LOG, "{\"n\":1}", true))
                    .isInstanceOfSatisfying(UnsupportedByBackendException.class, e -> assertThat(e.getMessage())
                            .contains("append-position condition is not atomic", "auditAccept=APPEND_MULTI_CLIENT"));
            assertThat(appendable.snapshot().keySet()).as("nothing sent").isEqualTo(before.keySet());
            assertThat(fs.capabilities().has(Capability.CROSS_PROCESS_SAFE)).isFalse();
        }
        AuditOptions accepting = options.withAcceptedWeaker(Set.of(Guarantee.APPEND_MULTI_CLIENT));
        try (ObjectVikingFs fs = open(unconditional, accepting)) {
            fs.appendAll(LOG, java.util.List.of("{\"n\":1}", "{\"n\":2}"), true);
            assertThat(fs.readRecords(LOG).records()).hasSize(2);
        }
        AuditVerdict atomic = StoreAudit.run(appendable, options);
        assertThat(atomic.measurement(Primitive.APPEND_POSITION_RACE).orElseThrow().outcome()).isEqualTo(Outcome.OK);
        assertThat(atomic.level(Guarantee.APPEND_MULTI_CLIENT)).isEqualTo(Level.FULL);
    }

    @Test
    void withoutAGate_theBackendTrustsTheStore_asBefore() throws Exception {
        try (ObjectVikingFs fs = ObjectVikingFs.open(store, "root", ObjectStoreOptions.DEFAULT, true, URI.create("s3://test/root"), null)) {
            fs.atomicWrite(FILE, bytes("{}"), WriteOptions.DEFAULT.withPrecondition(Precondition.ifAbsent()));
            assertThat(fs.capabilities().has(Capability.ATOMIC_CONDITIONAL_WRITE)).isTrue();
        }
    }
}
