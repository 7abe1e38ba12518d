package io.vikingfs.azure;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.common.StorageSharedKeyCredential;
import io.vikingfs.conformance.Concurrently;
import io.vikingfs.object.client.ListPage;
import io.vikingfs.object.client.ObjectMeta;
import io.vikingfs.object.client.ObjectPreconditionFailedException;
import io.vikingfs.object.client.PutMode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What Azurite {@value EmbeddedAzurite#VERSION} does, measured with racing clients (each its own HTTP client) and
 * asserted, so that a different emulator or service fails here first. The README's Azure figures come from here.
 */
class AzuriteMeasurementsTest {
    private static final int RACERS = 8;
    private static final int ROUNDS = 25;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<AzureObjectClient> racers(String container) throws Exception {
        List<AzureObjectClient> clients = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            clients.add(Azurite.server().client(container));
        }
        return clients;
    }

    @Test
    void createOnlyPut_isAtomic_underRacingClients() throws Exception {
        String container = Azurite.freshContainer();
        List<AzureObjectClient> clients = racers(container);
        for (int round = 0; round < ROUNDS; round++) {
            String key = "claim-" + round;
            AtomicInteger won = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            Concurrently.run(RACERS, t -> {
                try {
                    clients.get(t).put(key, b("writer " + t), PutMode.CREATE);
                    won.incrementAndGet();
                } catch (ObjectPreconditionFailedException e) {
                    refused.incrementAndGet();
                }
            });
            assertThat(won.get()).as("winners of round %d", round).isEqualTo(1);
            assertThat(refused.get()).isEqualTo(RACERS - 1);
        }
    }

    @Test
    void ifMatchPut_isAtomic_underRacingClients() throws Exception {
        String container = Azurite.freshContainer();
        List<AzureObjectClient> clients = racers(container);
        ObjectMeta current = clients.get(0).put("cas", b("v0"), PutMode.OVERWRITE);
        for (int round = 0; round < ROUNDS; round++) {
            String etag = current.etag();
            List<ObjectMeta> wins = Collections.synchronizedList(new ArrayList<>());
            Concurrently.run(RACERS, t -> {
                try {
                    wins.add(clients.get(t).put("cas", b("round " + " writer " + t), PutMode.update(etag)));
                } catch (ObjectPreconditionFailedException e) {
                    // lost the race: nothing changed
                }
            });
            assertThat(wins).as("compare-and-swap winners of round %d", round).hasSize(1);
            current = wins.get(0);
            assertThat(clients.get(0).head("cas").orElseThrow().etag()).isEqualTo(current.etag());
        }
    }

    @Test
    void appendPositionCondition_isAtomic_underRacingAppenders() throws Exception {
        String container = Azurite.freshContainer();
        List<AzureObjectClient> clients = racers(container);
        clients.get(0).createAppendable("log", PutMode.CREATE);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        long length = 0;
        for (int round = 0; round < ROUNDS; round++) {
            long at = length;
            List<byte[]> wins = Collections.synchronizedList(new ArrayList<>());
            Concurrently.run(RACERS, t -> {
                byte[] block = b("r" + " w" + t + " " + "x".repeat(t * 3) + "\n");
                try {
                    clients.get(t).append("log", block, at);
                    wins.add(block);
                } catch (ObjectPreconditionFailedException e) {
                    // another appender's block came first
                }
            });
            assertThat(wins).as("appenders that landed at %d in round %d", at, round).hasSize(1);
            expected.writeBytes(wins.get(0));
            length += wins.get(0).length;
        }
        assertThat(clients.get(0).get("log").orElseThrow().data()).isEqualTo(expected.toByteArray());
    }

    @Test
    void listing_isInUtf16Order_notUtf8_beyondTheBmp() throws Exception {
        try (AzureObjectClient c = Azurite.freshClient()) {
            // UTF-8 byte order: U+E000 (EE…) < U+FFFD (EF…) < U+1F600 (F0…); Azurite sorts JavaScript strings, by
            // UTF-16 code units, which puts U+1F600 (D83D…) first — measured, and a defect the README names
            List<String> keys = List.of("k/a", "k/\uD83D\uDE00", "k/\uD83D\uDE00z", "k/\uE000", "k/\uFFFD");
            for (String k : List.of("k/\uFFFD", "k/a", "k/\uD83D\uDE00z", "k/\uE000", "k/\uD83D\uDE00")) {
                c.put(k, b("x"), PutMode.OVERWRITE);
            }
            List<String> listed = new ArrayList<>();
            for (ObjectMeta m : c.list("k/", null, null, 100).objects()) {
                listed.add(m.key());
            }
            assertThat(listed).containsExactlyElementsOf(keys);
            // paging one by one after each key gives the same order
            List<String> paged = new ArrayList<>();
            String after = null;
            for (int i = 0; i < 10; i++) {
                ListPage page = c.list("k/", null, after, 1);
                page.objects().forEach(o -> paged.add(o.key()));
                if (!page.truncated()) {
                    break;
                }
                after = paged.get(paged.size() - 1);
            }
            assertThat(paged).containsExactlyElementsOf(keys);
            // and continuing after a key that is not there (no marker of ours): the scan skips in the same order
            assertThat(c.list("k/", null, "k/\uD83D\uDE00y", 10).objects()).extracting(ObjectMeta::key)
                    .containsExactly("k/\uD83D\uDE00z", "k/\uE000", "k/\uFFFD");
        }
    }

    @Test
    void appendBlockSize_isLimitedTo100MiB() throws Exception {
        EmbeddedAzurite server = Azurite.server();
        String container = Azurite.freshContainer();
        server.client(container).close();
        var blob = new BlobServiceClientBuilder().endpoint(server.endpoint().toString())
                .credential(new StorageSharedKeyCredential(EmbeddedAzurite.ACCOUNT, EmbeddedAzurite.ACCOUNT_KEY))
                .serviceVersion(AzureObjectClient.SERVICE_VERSION).buildClient()
                .getBlobContainerClient(container).getBlobClient("big").getAppendBlobClient();
        blob.create();
        byte[] fourMiBPlus = new byte[4 * 1024 * 1024 + 1];
        blob.appendBlockWithResponse(BinaryData.fromBytes(fourMiBPlus).toStream(), fourMiBPlus.length, null, null, null,
                com.azure.core.util.Context.NONE);
        byte[] tooBig = new byte[AzureObjectClient.MAX_APPEND_BLOCK_BYTES + 1];
        assertThatThrownBy(() -> blob.appendBlockWithResponse(BinaryData.fromBytes(tooBig).toStream(), tooBig.length,
                null, null, null, com.azure.core.util.Context.NONE))
                .isInstanceOfSatisfying(BlobStorageException.class, e -> assertThat(e.getStatusCode()).isEqualTo(413));
        assertThat(blob.getProperties().getBlobSize()).isEqualTo(fourMiBPlus.length);
    }
}
