package io.vikingfs.azure;

import io.vikingfs.object.client.AppendableObjectClient;
import io.vikingfs.object.client.ForwardingObjectClient;
import io.vikingfs.object.client.ObjectMeta;
import io.vikingfs.object.client.PutMode;
import io.vikingfs.object.client.StoredObject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code vikingfs audit --fs az://…}: the store audit's probes and the append race, on Azurite and on a planted defect. */
class AzureStoreAuditTest {

    @Test
    void auditOfAzurite_printsTheVerdictAndTheAppendRace() throws Exception {
        EmbeddedAzurite server = Azurite.server();
        URI store = URI.create("az://" + Azurite.freshContainer() + "/audited?endpoint="
                + URLEncoder.encode(server.endpoint().toString(), StandardCharsets.UTF_8));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = AzureStoreAudit.run(store, false, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String table = out.toString(StandardCharsets.UTF_8);
        assertThat(table).contains("append-position race (8 appenders x 10 rounds): OK");
        assertThat(exit).as(table).isIn(0, 5);
        try (AzureObjectClient c = server.client(store.getHost())) {
            assertThat(c.list("audited/", null, null, 10).objects()).as("the audit cleans up after itself").isEmpty();
        }
    }

    /** An appender that ignores the append-position condition (appends at whatever the end is): the race sees it. */
    @Test
    void aStoreWhoseAppendConditionIsNotAtomic_isCaughtByTheAppendRace() throws Exception {
        try (AzureObjectClient real = Azurite.freshClient()) {
            AppendableObjectClient unconditional = new UnconditionalAppends(real);
            AzureStoreAudit.AppendRace race = AzureStoreAudit.appendRace(unconditional, "race");
            assertThat(race.atomic()).as("%s", race).isFalse();
            assertThat(race.toString()).contains("NOT ATOMIC");
            assertThat(AzureStoreAudit.appendRace(real, "race2").atomic()).isTrue();
        }
    }

    private static final class UnconditionalAppends extends ForwardingObjectClient implements AppendableObjectClient {
        private final AzureObjectClient d;

        UnconditionalAppends(AzureObjectClient d) {
            super(d);
            this.d = d;
        }

        @Override
        public Appended append(String key, byte[] block, long expectedLength) throws IOException {
            // the planted defect: the block goes wherever the end is, as if the service ignored the condition
            return d.append(key, block, d.head(key).orElseThrow().size());
        }

        @Override
        public ObjectMeta createAppendable(String key, PutMode mode) throws IOException {
            return d.createAppendable(key, mode);
        }

        @Override
        public Optional<StoredObject> getFrom(String key, long offset) throws IOException {
            return d.getFrom(key, offset);
        }

        @Override
        public int maxBlockBytes() {
            return d.maxBlockBytes();
        }

        @Override
        public int maxBlocks() {
            return d.maxBlocks();
        }
    }
}
