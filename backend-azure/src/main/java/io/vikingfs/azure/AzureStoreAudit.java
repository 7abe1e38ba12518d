package io.vikingfs.azure;

import io.vikingfs.object.audit.AuditOptions;
import io.vikingfs.object.audit.AuditVerdict;
import io.vikingfs.object.audit.Level;
import io.vikingfs.object.audit.StoreAudit;
import io.vikingfs.object.client.AppendableObjectClient;
import io.vikingfs.object.client.ObjectPreconditionFailedException;
import io.vikingfs.object.client.PutMode;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code vikingfs audit --fs az://…}: the store audit's probes (written against the object-client SPI) run over an
 * {@link AzureObjectClient}, plus the probe only append blobs need: do racing appenders at one append position
 * land exactly one block? Prints the verdict table (or JSON) and the append race's result; without an endpoint it
 * audits an Azurite started for the command.
 */
public final class AzureStoreAudit {
    /** Verdicts of local Azurite endpoints are filed under this id, not under their random ports. */
    public static final String AZURITE_ID = "Azurite " + EmbeddedAzurite.VERSION + " (devstoreaccount1, in memory)";
    private static final int RACERS = 8;
    private static final int ROUNDS = 10;

    private AzureStoreAudit() {
    }

    /** What racing appenders did: rounds in which exactly one of them landed its block, of all rounds. */
    public record AppendRace(int rounds, int roundsWithOneWinner, int blocksLanded) {
        public boolean atomic() {
            return roundsWithOneWinner == rounds && blocksLanded == rounds;
        }

        @Override
        public String toString() {
            return "append-position race (" + RACERS + " appenders x " + rounds + " rounds): "
                    + (atomic() ? "OK — exactly one block landed per round"
                    : "NOT ATOMIC — " + (rounds - roundsWithOneWinner) + " rounds without exactly one winner, "
                    + blocksLanded + " blocks landed; do not share a log between writers on this store");
        }
    }

    /**
     * Audits {@code store} (an {@code az://} URI, or {@code null} for an Azurite of its own) and prints.
     *
     * @return 0 if every guarantee is FULL and the append race holds, 5 otherwise
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
                AppendRace race = appendRace(client, (at.prefix().isEmpty() || at.prefix().endsWith("/")
                        ? at.prefix() : at.prefix() + "/") + ".vfs-audit-" + UUID.randomUUID() + "/append-race");
                out.print(json ? v.toJson() + System.lineSeparator() : v.toTable());
                out.println(race);
                out.flush();
                boolean full = v.verdicts().stream().allMatch(g -> g.level() == Level.FULL);
                return full && race.atomic() ? 0 : 5;
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    /** {@value #RACERS} appenders race at each of {@value #ROUNDS} append positions; the scratch blob is deleted. */
    public static AppendRace appendRace(AppendableObjectClient client, String key) throws IOException {
        client.createAppendable(key, PutMode.CREATE);
        ExecutorService pool = Executors.newFixedThreadPool(RACERS);
        try {
            long length = 0;
            int single = 0;
            int landed = 0;
            for (int round = 0; round < ROUNDS; round++) {
                long at = length;
                CountDownLatch go = new CountDownLatch(1);
                AtomicInteger won = new AtomicInteger();
                List<Future<Long>> results = new ArrayList<>();
                for (int t = 0; t < RACERS; t++) {
                    byte[] block = ("{\"round\":" + round + ",\"racer\":" + t + "}\n").getBytes(StandardCharsets.UTF_8);
                    results.add(pool.submit(() -> {
                        go.await();
                        try {
                            long size = client.append(key, block, at).meta().size();
                            won.incrementAndGet();
                            return size;
                        } catch (ObjectPreconditionFailedException lost) {
                            return -1L;
                        }
                    }));
                }
                go.countDown();
                for (Future<Long> f : results) {
                    f.get();
                }
                landed += won.get();
                single += won.get() == 1 ? 1 : 0;
                length = client.head(key).orElseThrow().size();
            }
            return new AppendRace(ROUNDS, single, landed);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("append race on " + key + " interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("append race on " + key + " in " + client.describe() + " failed: " + e.getCause(),
                    e.getCause());
        } finally {
            pool.shutdownNow();
            client.delete(key);
        }
    }
}
