package io.vikingfs.azure;

import io.vikingfs.UnsupportedByBackendException;
import io.vikingfs.VPath;
import io.vikingfs.object.ObjectStoreOptions;
import io.vikingfs.object.ObjectVikingFs;
import io.vikingfs.object.audit.AuditOptions;
import io.vikingfs.object.audit.AuditVerdict;
import io.vikingfs.object.audit.FaultyObjectClients;
import io.vikingfs.object.audit.Guarantee;
import io.vikingfs.object.audit.GuaranteeGate;
import io.vikingfs.object.audit.Level;
import io.vikingfs.object.audit.Measurement;
import io.vikingfs.object.audit.Outcome;
import io.vikingfs.object.audit.Primitive;
import io.vikingfs.object.audit.StoreAudit;
import io.vikingfs.object.client.AppendableObjectClient;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code vikingfs audit --fs az://…} and the verdict the {@code az://} provider's gate uses: the store audit's
 * probes with the append-position race, on Azurite and on a planted appender that ignores the condition.
 */
class AzureStoreAuditTest {

    @Test
    void auditOfAzurite_printsTheVerdictWithTheAppendPositionRace() throws Exception {
        EmbeddedAzurite server = Azurite.server();
        URI store = URI.create("az://" + Azurite.freshContainer() + "/audited?endpoint="
                + URLEncoder.encode(server.endpoint().toString(), StandardCharsets.UTF_8));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = AzureStoreAudit.run(store, true, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        AuditVerdict v = AuditVerdict.fromJson(out.toString(StandardCharsets.UTF_8));
        Measurement race = v.measurement(Primitive.APPEND_POSITION_RACE).orElseThrow();
        assertThat(race.outcome()).as(race.detail()).isEqualTo(Outcome.OK);
        assertThat(race.count("roundsWithOneWinner")).isEqualTo(race.count("rounds")).isPositive();
        assertThat(v.verdict(Guarantee.APPEND_MULTI_CLIENT).evidence()).contains(Primitive.APPEND_POSITION_RACE);
        assertThat(v.level(Guarantee.APPEND_MULTI_CLIENT)).as(v.toTable()).isEqualTo(Level.FULL);
        assertThat(exit).as(v.toTable()).isIn(0, 5);
        try (AzureObjectClient c = server.client(store.getHost())) {
            assertThat(c.list("audited/", null, null, 10).objects()).as("the audit cleans up after itself").isEmpty();
        }
    }

    /**
     * Append blobs whose append-position condition is ignored (planted: every block lands at whatever the end
     * is): the audit measures it and a backend gated by that verdict refuses {@code append}, naming the defect.
     */
    @Test
    void appendBlobsWithoutAnAtomicPositionCondition_areMeasured_andAppendIsRefused() throws Exception {
        try (AzureObjectClient real = Azurite.freshClient()) {
            AppendableObjectClient unconditional = FaultyObjectClients.unconditionalAppends(real);
            AuditOptions options = AuditOptions.defaults().withCacheDir(null).withRace(8, 4, 4);
            AuditVerdict v = StoreAudit.run(unconditional, options);
            Measurement race = v.measurement(Primitive.APPEND_POSITION_RACE).orElseThrow();
            assertThat(race.outcome()).as(race.detail()).isEqualTo(Outcome.NOT_ATOMIC);
            assertThat(v.level(Guarantee.APPEND_MULTI_CLIENT)).as(v.toTable()).isEqualTo(Level.WEAKER);
            try (ObjectVikingFs fs = ObjectVikingFs.open(unconditional, "gated", ObjectStoreOptions.DEFAULT, true,
                    GuaranteeGate.of(v, options), URI.create("az://planted/gated"), null)) {
                assertThatThrownBy(() -> fs.append(VPath.of("a/log.jsonl"), "{\"n\":1}", true))
                        .isInstanceOfSatisfying(UnsupportedByBackendException.class, e -> assertThat(e.getMessage())
                                .contains("append-position condition is not atomic", "auditAccept=APPEND_MULTI_CLIENT"));
                assertThat(real.list("gated/", null, null, 10).objects()).as("nothing was sent").isEmpty();
            }
        }
    }
}
