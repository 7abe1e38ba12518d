package io.vikingfs.object.audit;

import io.vikingfs.Capabilities;
import io.vikingfs.Capability;
import io.vikingfs.UnsupportedByBackendException;
import io.vikingfs.VPath;
import io.vikingfs.object.client.InMemoryObjectClient;
import io.vikingfs.object.client.ObjectClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each deliberately faulty object client gets the verdict its fault deserves, the gate refuses what it cannot
 * guarantee, and the audit leaves the store as it found it.
 */
class FaultyStoreAuditTest {
    private final InMemoryObjectClient store = new InMemoryObjectClient();
    private final AuditOptions options = AuditOptions.defaults().withCacheDir(null).withScratchParent("root/")
            .withListingLagWait(Duration.ofSeconds(2));

    private AuditVerdict audit(ObjectClient client) throws IOException {
        AuditVerdict v = StoreAudit.run(client, options);
        assertThat(store.snapshot()).as("the audit leaves nothing behind").isEmpty();
        return v;
    }

    private static Outcome outcome(AuditVerdict v, Primitive p) {
        return v.measurement(p).orElseThrow().outcome();
    }

    @Test
    void atomicInMemoryStore_keepsEveryMeasuredGuarantee() throws Exception {
        AuditVerdict v = audit(store);
        assertThat(v.level(Guarantee.ATOMIC_WRITE_IF_ABSENT)).isEqualTo(Level.FULL);
        assertThat(v.level(Guarantee.ATOMIC_WRITE_IF_MATCH)).isEqualTo(Level.FULL);
        assertThat(v.level(Guarantee.APPEND_MULTI_CLIENT)).isEqualTo(Level.FULL);
        assertThat(v.level(Guarantee.SWITCH_DIRECTORY)).isEqualTo(Level.FULL);
        assertThat(v.level(Guarantee.RENAME_NO_REPLACE)).isEqualTo(Level.FULL);
        assertThat(v.level(Guarantee.LIST)).isEqualTo(Level.FULL);
        Measurement race = v.measurement(Primitive.CREATE_ONLY_RACE).orElseThrow();
        assertThat(race.count("keys")).isGreaterThanOrEqualTo(20);
        assertThat(race.count("writersPerKey")).isGreaterThanOrEqualTo(16);
        assertThat(race.count("keysWithOneWinner")).isEqualTo(race.count("keys"));
        Measurement cas = v.measurement(Primitive.IF_MATCH_RACE).orElseThrow();
        assertThat(cas.count("lostUpdates")).isZero();
        assertThat(cas.count("finalValue")).isEqualTo(cas.count("rounds"));
    }

    @Test
    void tornAndEmptyBodies_areCountedByTheReadRace() throws Exception {
        Measurement torn = audit(FaultyObjectClients.tornReads(store, 0.9, 14)).measurement(Primitive.READ_DURING_OVERWRITE)
                .orElseThrow();
        assertThat(torn.outcome()).as(torn.detail()).isEqualTo(Outcome.WRONG);
        assertThat(torn.count("torn")).isPositive();
        Measurement empty = audit(FaultyObjectClients.emptyReads(store, 0.9, 14)).measurement(Primitive.READ_DURING_OVERWRITE)
                .orElseThrow();
        assertThat(empty.count("empty")).as(empty.detail()).isPositive();
        assertThat(audit(store).measurement(Primitive.READ_DURING_OVERWRITE).orElseThrow().outcome())
                .isEqualTo(Outcome.OK);
    }

    @Test
    void prefixesOnEveryPage_breakDelimitedPages_whichTheBackendListsAround() throws Exception {
        for (ObjectClient faulty : List.of(FaultyObjectClients.prefixesOnEveryPage(store),
                FaultyObjectClients.prefixesBeyondMaxKeys(store))) {
            AuditVerdict v = audit(faulty);
            Measurement m = v.measurement(Primitive.LIST_DELIMITED_PAGES).orElseThrow();
            assertThat(m.outcome()).as(m.detail()).isEqualTo(Outcome.WRONG);
            assertThat(m.detail()).contains("first broken page").contains("when at most 5 were asked for");
            assertThat(v.level(Guarantee.LIST)).as(v.toTable()).isEqualTo(Level.FULL);
            assertThat(v.level(Guarantee.SWITCH_DIRECTORY)).isEqualTo(Level.FULL);
        }
    }

    @Test
    void withoutProbes_theExtraPrimitivesSaySoInsteadOfPassing() throws Exception {
        AuditVerdict v = audit(store);
        assertThat(outcome(v, Primitive.COPY_IF_ABSENT)).isEqualTo(Outcome.NOT_PROBED);
        assertThat(outcome(v, Primitive.CONDITIONAL_DELETE)).isEqualTo(Outcome.NOT_PROBED);
        assertThat(outcome(v, Primitive.MULTIPART_CREATE_ONLY)).isEqualTo(Outcome.NOT_PROBED);
        assertThat(outcome(v, Primitive.UNSUPPORTED_HEADER)).isEqualTo(Outcome.NOT_PROBED);
        assertThat(outcome(v, Primitive.CREATE_ONLY_HELD_OPEN)).isEqualTo(Outcome.NOT_PROBED);
        assertThat(outcome(v, Primitive.IF_MATCH_HELD_OPEN)).isEqualTo(Outcome.NOT_PROBED);
        assertThat(outcome(v, Primitive.LIST_IN_FLIGHT)).isEqualTo(Outcome.NOT_PROBED);
        assertThat(outcome(v, Primitive.NATIVE_CHECKSUM)).isEqualTo(Outcome.NOT_PROBED);
        assertThat(v.toTable()).contains("no AuditProbes given");
    }

    @Test
    void storeIgnoringPreconditions_supportsNeitherConditionalWrite() throws Exception {
        AuditVerdict v = audit(FaultyObjectClients.ignoringPreconditions(store));
        assertThat(outcome(v, Primitive.CREATE_ONLY_PUT)).isEqualTo(Outcome.IGNORED);
        assertThat(outcome(v, Primitive.IF_MATCH_PUT)).isEqualTo(Outcome.IGNORED);
        assertThat(v.measurement(Primitive.CREATE_ONLY_RACE).orElseThrow().count("keysWithSeveralWinners")).isPositive();
        assertThat(v.level(Guarantee.ATOMIC_WRITE_IF_ABSENT)).isEqualTo(Level.UNSUPPORTED);
        assertThat(v.level(Guarantee.ATOMIC_WRITE_IF_MATCH)).isEqualTo(Level.UNSUPPORTED);
        assertThat(v.verdict(Guarantee.APPEND_MULTI_CLIENT).level()).isEqualTo(Level.WEAKER);
        assertThat(v.verdict(Guarantee.APPEND_MULTI_CLIENT).mode()).contains("one appending client per log");
        assertThat(v.level(Guarantee.SWITCH_DIRECTORY)).isEqualTo(Level.WEAKER);
        assertThat(v.level(Guarantee.RENAME_NO_REPLACE)).isEqualTo(Level.WEAKER);
        assertThat(v.level(Guarantee.LIST)).isEqualTo(Level.FULL);
    }

    @Test
    void storeRefusingConditions_isReportedAsRefusing_andSupportsNeitherConditionalWrite() throws Exception {
        AuditVerdict v = audit(FaultyObjectClients.refusingConditions(store));
        assertThat(outcome(v, Primitive.CREATE_ONLY_PUT)).isEqualTo(Outcome.REFUSED);
        assertThat(outcome(v, Primitive.IF_MATCH_PUT)).isEqualTo(Outcome.REFUSED);
        assertThat(v.level(Guarantee.ATOMIC_WRITE_IF_ABSENT)).isEqualTo(Level.UNSUPPORTED);
        assertThat(v.level(Guarantee.ATOMIC_WRITE_IF_MATCH)).isEqualTo(Level.UNSUPPORTED);
        assertThat(v.verdict(Guarantee.ATOMIC_WRITE_IF_ABSENT).defect()).contains("refused as unsupported");
        assertThat(v.level(Guarantee.APPEND_MULTI_CLIENT)).isEqualTo(Level.WEAKER);
    }

    @Test
    void checkThenActCreateOnly_isRefusedAloneButLosesTheRace() throws Exception {
        AuditVerdict v = audit(FaultyObjectClients.checkThenActCreate(store));
        assertThat(outcome(v, Primitive.CREATE_ONLY_PUT)).isEqualTo(Outcome.OK);
        Measurement race = v.measurement(Primitive.CREATE_ONLY_RACE).orElseThrow();
        assertThat(race.outcome()).isEqualTo(Outcome.NOT_ATOMIC);
        assertThat(race.count("keysWithSeveralWinners")).isPositive();
        assertThat(race.count("maxWinners")).isGreaterThan(1);
        GuaranteeVerdict ifAbsent = v.verdict(Guarantee.ATOMIC_WRITE_IF_ABSENT);
        assertThat(ifAbsent.level()).isEqualTo(Level.WEAKER);
        assertThat(ifAbsent.mode()).contains("one creator per path");
        assertThat(ifAbsent.defect()).contains("keys with exactly one winner");
        assertThat(v.level(Guarantee.ATOMIC_WRITE_IF_MATCH)).isEqualTo(Level.FULL);
        assertThat(v.level(Guarantee.APPEND_MULTI_CLIENT)).isEqualTo(Level.WEAKER);
    }

    @Test
    void checkThenActIfMatch_refusesAStaleEtagButLosesUpdatesInTheRace() throws Exception {
        AuditVerdict v = audit(FaultyObjectClients.checkThenActIfMatch(store));
        assertThat(outcome(v, Primitive.IF_MATCH_PUT)).isEqualTo(Outcome.OK);
        Measurement race = v.measurement(Primitive.IF_MATCH_RACE).orElseThrow();
        assertThat(race.outcome()).isEqualTo(Outcome.NOT_ATOMIC);
        assertThat(race.count("lostUpdates")).isPositive();
        assertThat(race.count("acknowledgedIncrements")).isGreaterThan(race.count("finalValue"));
        assertThat(v.level(Guarantee.ATOMIC_WRITE_IF_MATCH)).isEqualTo(Level.WEAKER);
        assertThat(v.level(Guarantee.ATOMIC_WRITE_IF_ABSENT)).isEqualTo(Level.FULL);
        assertThat(v.level(Guarantee.APPEND_MULTI_CLIENT)).isEqualTo(Level.FULL);
    }

    @Test
    void laggingListings_makeListingsAndCrossClientReadsWeaker() throws Exception {
        AuditVerdict v = audit(FaultyObjectClients.laggingListings(store, 300));
        Measurement law = v.measurement(Primitive.LIST_AFTER_WRITE).orElseThrow();
        assertThat(law.outcome()).isEqualTo(Outcome.LAGGING);
        assertThat(law.count("missingRightAfterWrite")).isPositive();
        assertThat(outcome(v, Primitive.LIST_ORDER)).as("order judged once the listing settled").isEqualTo(Outcome.OK);
        assertThat(v.level(Guarantee.LIST)).isEqualTo(Level.WEAKER);
        assertThat(v.verdict(Guarantee.LIST).mode()).contains("eventually complete");
        assertThat(v.level(Guarantee.APPEND_MULTI_CLIENT)).isEqualTo(Level.WEAKER);
        assertThat(v.level(Guarantee.SWITCH_DIRECTORY)).isEqualTo(Level.WEAKER);
        assertThat(v.level(Guarantee.ATOMIC_WRITE_IF_ABSENT)).isEqualTo(Level.FULL);
    }

    @Test
    void gate_refusesAWeakerGuarantee_namingTheDefectAndTheWayOut() throws Exception {
        AuditVerdict v = audit(FaultyObjectClients.checkThenActIfMatch(store));
        GuaranteeGate gate = GuaranteeGate.of(v, options);
        VPath p = VPath.of("sessions/registry.json");
        assertThatThrownBy(() -> gate.requireGuarantee(Guarantee.ATOMIC_WRITE_IF_MATCH, "atomicWrite(ifMatch)", p))
                .isInstanceOfSatisfying(UnsupportedByBackendException.class, e -> {
                    assertThat(e.missing()).isEqualTo(Capability.ATOMIC_CONDITIONAL_WRITE);
                    assertThat(e.getFile()).isEqualTo("sessions/registry.json");
                    assertThat(e.getMessage()).contains("lost updates", "one writer per path",
                            "auditAccept=ATOMIC_WRITE_IF_MATCH", "lock service", "audit=off");
                });
        gate.requireGuarantee(Guarantee.ATOMIC_WRITE_IF_ABSENT, "atomicWrite(ifAbsent)", p);
        assertThat(gate.capabilities(Capabilities.of(Capability.ATOMIC_CONDITIONAL_WRITE, Capability.CROSS_PROCESS_SAFE))
                .asSet()).doesNotContain(Capability.ATOMIC_CONDITIONAL_WRITE);
    }

    @Test
    void gate_letsAnAcceptedWeakerModeThrough_butNeverAnUnsupportedOne() throws Exception {
        AuditVerdict v = audit(FaultyObjectClients.ignoringPreconditions(store));
        GuaranteeGate gate = GuaranteeGate.of(v, options.withAcceptedWeaker(
                Set.of(Guarantee.APPEND_MULTI_CLIENT, Guarantee.ATOMIC_WRITE_IF_ABSENT)));
        gate.requireGuarantee(Guarantee.APPEND_MULTI_CLIENT, "append", VPath.of("log.jsonl"));
        assertThatThrownBy(() -> gate.requireGuarantee(Guarantee.ATOMIC_WRITE_IF_ABSENT, "atomicWrite(ifAbsent)",
                VPath.of("a"))).isInstanceOf(UnsupportedByBackendException.class)
                .hasMessageContaining("If-None-Match: * is ignored");
    }
}
