package io.vikingfs.azure;

import io.vikingfs.object.audit.AuditOptions;
import io.vikingfs.object.audit.AuditVerdict;
import io.vikingfs.object.audit.Level;
import io.vikingfs.object.audit.StoreAudit;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;

/**
 * {@code vikingfs audit --fs az://…}: the store audit over an {@link AzureObjectClient} — the verdict the
 * {@code az://} provider's gate uses when opening, measured anew. Because the client has append blobs, the audit
 * includes the append-position race (racing appenders at one length: exactly one block must land), and the
 * verdict on {@code append (multi-client)} rests on it. Without an endpoint it audits an Azurite started for the
 * command.
 */
public final class AzureStoreAudit {
    /** Verdicts of local Azurite endpoints are filed under this id, not under their random ports. */
    public static final String AZURITE_ID = "Azurite " + EmbeddedAzurite.VERSION + " (devstoreaccount1, in memory)";

    private AzureStoreAudit() {
    }

    /**
     * Audits {@code store} (an {@code az://} URI, or {@code null} for an Azurite of its own) and prints.
     *
     * @return 0 if every guarantee is FULL, 5 otherwise
     */
    public static int run(URI store, boolean json, PrintStream out, PrintStream err) throws IOException {
        AzureVikingFsProvider provider = new AzureVikingFsProvider();
        AzureVikingFsProvider.AzureLocation at = provider.locate(store == null ? URI.create("az://vikingfs-audit/") : store);
        EmbeddedAzurite server = null;
        try {
            AzureObjectClient client;
            if (at.embedded()) {
                err.println("no endpoint given: auditing an Azurite started for this command (in memory)");
                server = EmbeddedAzurite.start();
                client = server.client(at.container());
            } else {
                client = provider.client(at);
            }
            try (client) {
                AuditOptions options = AuditOptions.defaults().withMode(AuditOptions.Mode.ALWAYS_AUDIT)
                        .withScratchParent(at.prefix())
                        .withEndpointId(at.emulator() || at.embedded() ? AZURITE_ID : client.describe());
                AuditVerdict v = StoreAudit.forEndpoint(client, options);
                out.print(json ? v.toJson() + System.lineSeparator() : v.toTable());
                out.flush();
                return v.verdicts().stream().allMatch(g -> g.level() == Level.FULL) ? 0 : 5;
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }
}
