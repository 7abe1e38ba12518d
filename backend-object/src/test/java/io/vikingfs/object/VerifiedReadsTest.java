package io.vikingfs.object;

import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.WriteOptions;
import io.vikingfs.object.audit.FaultyObjectClients;
import io.vikingfs.object.client.BodyChecksum;
import io.vikingfs.object.client.CorruptObjectException;
import io.vikingfs.object.client.ForwardingObjectClient;
import io.vikingfs.object.client.InMemoryObjectClient;
import io.vikingfs.object.client.ObjectClient;
import io.vikingfs.object.client.ObjectMeta;
import io.vikingfs.object.client.PutMode;
import io.vikingfs.object.client.StoredObject;
import io.vikingfs.object.client.VerifyingObjectClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every body the backend reads is checked against the checksum stored with it: a store that returns a torn or
 * empty body for a moment is read again; one that keeps doing so fails the read naming the key — never are the
 * damaged bytes returned (contract §2: a read sees a complete version).
 */
class VerifiedReadsTest {
    private static final VPath FILE = VPath.of("sessions/registry.json");
    /** The damaged reads' seed: fixed, so a failure replays. */
    private static final long SEED = 14;

    private static VikingFs open(ObjectClient client) throws IOException {
        return ObjectVikingFs.open(client, "p", ObjectStoreOptions.DEFAULT.withCompactionFanout(4), true,
                URI.create("s3://memory/p"), null);
    }

    private static byte[] body(int version) {
        return ("{\"version\":" + version + ",\"pad\":\"" + "x".repeat(64 * 1024) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void everyObjectTheBackendWritesCarriesTheCrc32cAndSha256OfItsBody() throws IOException {
        InMemoryObjectClient store = new InMemoryObjectClient();
        try (VikingFs fs = open(store)) {
            fs.atomicWrite(FILE, body(1), WriteOptions.DEFAULT);
            fs.append(VPath.of("log.jsonl"), "{\"a\":1}", true);
        }
        store.snapshot().forEach((key, data) -> {
            ObjectMeta m = headOf(store, key);
            assertThat(m.crc32c()).as(key).isEqualTo(BodyChecksum.crc32cHex(data));
            assertThat(m.sha256()).as(key).isEqualTo(BodyChecksum.sha256Hex(data));
        });
    }

    @Test
    void tornAndEmptyBodiesDuringOverwritesAreReadAgain_neverReturned() throws IOException {
        for (ObjectClient faulty : List.of(FaultyObjectClients.tornReads(new InMemoryObjectClient(), 0.5, SEED),
                FaultyObjectClients.emptyReads(new InMemoryObjectClient(), 0.5, SEED))) {
            try (VikingFs fs = open(faulty)) {
                for (int v = 1; v <= 5; v++) {
                    byte[] written = body(v);
                    fs.atomicWrite(FILE, written, WriteOptions.DEFAULT);
                    assertThat(fs.read(FILE)).isEqualTo(written);
                    fs.atomicWrite(FILE, written, WriteOptions.DEFAULT);
                    try (InputStream in = fs.newInputStream(FILE)) {
                        assertThat(in.readAllBytes()).isEqualTo(written);
                    }
                }
            }
        }
    }

    @Test
    void recordsSegmentsAndGenerationMarkersAreVerifiedToo() throws IOException {
        try (VikingFs fs = open(FaultyObjectClients.tornReads(new InMemoryObjectClient(), 0.5, SEED))) {
            List<String> appended = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String r = "{\"i\":" + i + "}";
                fs.append(VPath.of("t.jsonl"), r, true);
                appended.add(r);
            }
            assertThat(fs.readRecords(VPath.of("t.jsonl")).records()).isEqualTo(appended);
            fs.atomicWrite(VPath.of("staged/a"), body(1), WriteOptions.DEFAULT);
            fs.switchDirectory(VPath.of("staged"), VPath.of("live"), true);
            assertThat(fs.read(VPath.of("live/a"))).isEqualTo(body(1));
        }
    }

    @Test
    void aBodyThatNeverMatches_failsNamingTheKey() throws IOException {
        InMemoryObjectClient store = new InMemoryObjectClient();
        try (VikingFs fs = open(FaultyObjectClients.tornReads(store, 1.0, SEED))) {
            fs.atomicWrite(FILE, body(1), WriteOptions.DEFAULT);
            assertThatThrownBy(() -> fs.read(FILE)).isInstanceOf(CorruptObjectException.class)
                    .hasMessageContaining("p/sessions/registry.json")
                    .hasMessageContaining("does not match its checksum on " + VerifyingObjectClient.ATTEMPTS + " reads")
                    .hasMessageContaining("retry the read");
        }
    }

    @Test
    void objectsOfOtherTools_areCheckedAgainstASinglePartMd5Etag_andOtherwiseCountedUnverified() throws IOException {
        InMemoryObjectClient store = new InMemoryObjectClient();
        byte[] data = "written by aws s3 cp".getBytes(StandardCharsets.UTF_8);
        store.put("foreign", data, PutMode.OVERWRITE);
        VerifyingObjectClient good = new VerifyingObjectClient(withoutSha256(store, null, false));
        assertThat(good.get("foreign").orElseThrow().data()).isEqualTo(data);
        assertThat(good.unverifiedReads()).isZero();

        VerifyingObjectClient torn = new VerifyingObjectClient(withoutSha256(store, null, true));
        assertThatThrownBy(() -> torn.get("foreign")).isInstanceOf(CorruptObjectException.class)
                .hasMessageContaining("ETag " + BodyChecksum.md5Hex(data));

        VerifyingObjectClient multipart = new VerifyingObjectClient(withoutSha256(store, "0123abcd-3", false));
        assertThat(multipart.get("foreign").orElseThrow().data()).isEqualTo(data);
        assertThat(multipart.unverifiedReads()).isEqualTo(1);
    }

    @Test
    void aBodyWhoseCrc32cDoesNotMatch_isRefused_evenWithAMatchingSha256() throws IOException {
        InMemoryObjectClient store = new InMemoryObjectClient();
        byte[] data = body(1);
        store.put("k", data, PutMode.OVERWRITE);
        String wrong = BodyChecksum.crc32cHex(body(2));
        VerifyingObjectClient verifying = new VerifyingObjectClient(answering(store, m -> new ObjectMeta(m.key(),
                m.etag(), m.size(), m.lastModified(), m.sha256(), wrong), false));
        assertThatThrownBy(() -> verifying.get("k")).isInstanceOf(CorruptObjectException.class)
                .hasMessageContaining("k")
                .hasMessageContaining(data.length + " bytes with CRC32C " + BodyChecksum.crc32cHex(data))
                .hasMessageContaining("stored CRC32C " + wrong);
        assertThat(verifying.mismatches()).isEqualTo(VerifyingObjectClient.ATTEMPTS);

        VerifyingObjectClient torn = new VerifyingObjectClient(answering(store, m -> m, true));
        assertThatThrownBy(() -> torn.get("k")).isInstanceOf(CorruptObjectException.class)
                .hasMessageContaining((data.length - 1) + " bytes with CRC32C");
    }

    @Test
    void anObjectWrittenBeforeTheCrc32cWasStored_isVerifiedWithItsSha256() throws IOException {
        InMemoryObjectClient store = new InMemoryObjectClient();
        byte[] data = body(1);
        store.put("old", data, PutMode.OVERWRITE);
        UnaryOperator<ObjectMeta> sha256Only = m -> new ObjectMeta(m.key(), m.etag(), m.size(), m.lastModified(),
                m.sha256());
        VerifyingObjectClient intact = new VerifyingObjectClient(answering(store, sha256Only, false));
        assertThat(intact.get("old").orElseThrow().data()).isEqualTo(data);
        assertThat(intact.unverifiedReads()).isZero();

        VerifyingObjectClient torn = new VerifyingObjectClient(answering(store, sha256Only, true));
        assertThatThrownBy(() -> torn.get("old")).isInstanceOf(CorruptObjectException.class)
                .hasMessageContaining((data.length - 1) + " bytes with SHA-256 "
                        + BodyChecksum.sha256Hex(java.util.Arrays.copyOf(data, data.length - 1)))
                .hasMessageContaining("stored SHA-256 " + BodyChecksum.sha256Hex(data));
    }

    /** Answers as another tool's object: no stored checksum, the ETag replaced if given, the body cut if asked. */
    private static ObjectClient withoutSha256(ObjectClient store, String etag, boolean cut) {
        return answering(store, m -> new ObjectMeta(m.key(), etag == null ? m.etag() : etag, m.size(),
                m.lastModified()), cut);
    }

    /** Answers every GET with its metadata passed through {@code meta}, and the body's last byte cut if asked. */
    private static ObjectClient answering(ObjectClient store, UnaryOperator<ObjectMeta> meta, boolean cut) {
        return new ForwardingObjectClient(store) {
            @Override
            public Optional<StoredObject> get(String key) throws IOException {
                return delegate.get(key).map(o -> new StoredObject(meta.apply(o.meta()),
                        cut ? java.util.Arrays.copyOf(o.data(), o.data().length - 1) : o.data()));
            }
        };
    }

    private static ObjectMeta headOf(ObjectClient store, String key) {
        try {
            return store.head(key).orElseThrow();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void verificationCanBeMeasuredOff_andThenTornBodiesPassThrough() throws IOException {
        // the switch exists for the benchmark only; this shows what the check prevents
        try (VikingFs fs = ObjectVikingFs.open(FaultyObjectClients.tornReads(new InMemoryObjectClient(), 1.0, SEED), "p",
                ObjectStoreOptions.DEFAULT.withVerifyReads(false), true, URI.create("s3://memory/p"), null)) {
            fs.atomicWrite(FILE, body(1), WriteOptions.DEFAULT);
            assertThat(fs.read(FILE)).hasSize(body(1).length - 1);
        }
    }
}
