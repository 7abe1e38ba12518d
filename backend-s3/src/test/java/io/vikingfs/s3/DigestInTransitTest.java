package io.vikingfs.s3;

import io.vikingfs.object.client.ForwardingObjectClient;
import io.vikingfs.object.client.InMemoryObjectClient;
import io.vikingfs.object.client.ObjectClient;
import io.vikingfs.object.client.StoredObject;
import io.vikingfs.object.client.VerifyingObjectClient;
import io.vikingfs.object.client.BodyChecksum;
import io.vikingfs.object.client.CorruptObjectException;
import io.vikingfs.object.client.PutMode;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A GET sums the body while it streams in — the CRC32C ({@link StoredObject#crc32cInTransit()}), or the SHA-256
 * ({@link StoredObject#sha256InTransit()}) for an object written before the CRC32C was stored — and the verifying
 * client compares that sum instead of summing again: it must be of exactly the bytes returned, so a body torn on
 * the wire is still caught, and a sum that does not match the stored checksum fails the read like a torn body does.
 */
class DigestInTransitTest {
    private static EmbeddedS3 s3;

    @BeforeAll
    static void start() throws Exception {
        s3 = EmbeddedS3.startTransient("transit");
    }

    @AfterAll
    static void stop() throws Exception {
        s3.close();
    }

    private static byte[] body() {
        byte[] b = new byte[300 * 1024]; // several socket reads: the digest is updated chunk by chunk
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    @Test
    void aGetReturnsTheCrc32cOfExactlyTheBytesItRead_andNoSha256ItWillNotBeCheckedWith() throws IOException {
        byte[] data = body();
        try (MinioObjectClient client = s3.newClient()) {
            client.put("whole", data, PutMode.OVERWRITE);
            StoredObject got = client.get("whole").orElseThrow();
            assertThat(got.data()).isEqualTo(data);
            assertThat(got.crc32cInTransit()).isEqualTo(BodyChecksum.crc32cHex(data)).isEqualTo(got.meta().crc32c());
            assertThat(got.sha256InTransit()).isNull();
            assertThat(got.meta().sha256()).isEqualTo(BodyChecksum.sha256Hex(data));
            StoredObject unsummed = client.withoutDigestInTransit().get("whole").orElseThrow();
            assertThat(unsummed.crc32cInTransit()).isNull();
            assertThat(unsummed.sha256InTransit()).isNull();
        }
    }

    @Test
    void anObjectWithOnlyASha256_getsItsSha256InTransit_andATornBodyOfItIsRefused() throws IOException {
        byte[] data = body();
        AtomicInteger torn = new AtomicInteger(1); // positive: no GET torn until reset
        try (MinioObjectClient plain = s3.newClient();
             MinioObjectClient old = s3.clientBuilder().httpClient(new OkHttpClient.Builder()
                     .addInterceptor(new TearFirstGets(torn, 1)).addInterceptor(WITHOUT_CRC32C).build()).build()) {
            plain.put("old", data, PutMode.OVERWRITE);
            StoredObject got = old.get("old").orElseThrow();
            assertThat(got.meta().crc32c()).isNull();
            assertThat(got.crc32cInTransit()).isNull();
            assertThat(got.sha256InTransit()).isEqualTo(BodyChecksum.sha256Hex(data)).isEqualTo(got.meta().sha256());

            VerifyingObjectClient verifying = new VerifyingObjectClient(old);
            assertThat(verifying.get("old").orElseThrow().data()).isEqualTo(data);
            torn.set(-VerifyingObjectClient.ATTEMPTS);
            assertThatThrownBy(() -> verifying.get("old")).isInstanceOf(CorruptObjectException.class)
                    .hasMessageContaining("old")
                    .hasMessageContaining((data.length - 1) + " bytes with SHA-256");
            assertThat(verifying.unverifiedReads()).isZero();
        }
    }

    /** Answers as for an object written before the backend stored a CRC32C: the metadata header dropped. */
    private static final Interceptor WITHOUT_CRC32C = chain -> {
        Response r = chain.proceed(chain.request());
        return r.newBuilder().removeHeader("x-amz-meta-" + BodyChecksum.CRC32C_METADATA_NAME).build();
    };

    @Test
    void aBodyTornOnTheWire_getsTheDigestOfWhatArrived_andIsReadAgain_thenRefused() throws IOException {
        byte[] data = body();
        AtomicInteger torn = new AtomicInteger();
        try (MinioObjectClient plain = s3.newClient();
             MinioObjectClient tearing = s3.clientBuilder().httpClient(new OkHttpClient.Builder()
                     .addInterceptor(new TearFirstGets(torn, 1)).build()).build()) {
            plain.put("torn-once", data, PutMode.OVERWRITE);
            StoredObject cut = tearing.get("torn-once").orElseThrow();
            assertThat(cut.data()).hasSize(data.length - 1);
            assertThat(cut.crc32cInTransit()).isEqualTo(BodyChecksum.crc32cHex(cut.data()));

            torn.set(0);
            VerifyingObjectClient verifying = new VerifyingObjectClient(tearing);
            assertThat(verifying.get("torn-once").orElseThrow().data()).isEqualTo(data);
            assertThat(verifying.mismatches()).isEqualTo(1);

            torn.set(-VerifyingObjectClient.ATTEMPTS);
            assertThatThrownBy(() -> verifying.get("torn-once")).isInstanceOf(CorruptObjectException.class)
                    .hasMessageContaining("torn-once")
                    .hasMessageContaining((data.length - 1) + " bytes with CRC32C");
        }
    }

    @Test
    void aDigestInTransitThatDoesNotMatchTheStoredChecksum_failsTheRead_evenOverAnIntactBody() throws IOException {
        InMemoryObjectClient store = new InMemoryObjectClient();
        byte[] data = body();
        store.put("k", data, PutMode.OVERWRITE);
        String wrong = BodyChecksum.crc32cHex(new byte[] {1});
        VerifyingObjectClient verifying = new VerifyingObjectClient(new ForwardingObjectClient(store) {
            @Override
            public Optional<StoredObject> get(String key) throws IOException {
                return delegate.get(key).map(o -> new StoredObject(o.meta(), o.data(), null, wrong));
            }
        });
        assertThatThrownBy(() -> verifying.get("k")).isInstanceOf(CorruptObjectException.class)
                .hasMessageContaining("CRC32C " + wrong);
        assertThat(verifying.mismatches()).isEqualTo(VerifyingObjectClient.ATTEMPTS);
    }

    @Test
    void bodiesWithoutADigestInTransit_areHashedByTheVerifier() throws IOException {
        byte[] data = body();
        try (MinioObjectClient plain = s3.newClient();
             MinioObjectClient tearing = s3.clientBuilder().httpClient(new OkHttpClient.Builder()
                     .addInterceptor(new TearFirstGets(new AtomicInteger(-VerifyingObjectClient.ATTEMPTS), 1)).build())
                     .build().withoutDigestInTransit()) {
            plain.put("hashed-here", data, PutMode.OVERWRITE);
            assertThat(new VerifyingObjectClient(plain.withoutDigestInTransit()).get("hashed-here").orElseThrow()
                    .data()).isEqualTo(data);
            assertThatThrownBy(() -> new VerifyingObjectClient(tearing).get("hashed-here"))
                    .isInstanceOf(CorruptObjectException.class).hasMessageContaining("hashed-here");
        }
    }

    /**
     * Cuts the last {@code bytes} off the body of every object GET while {@code counter}, counted up per GET, is
     * at most 0, adjusting Content-Length: the store's torn read as the field saw it — bytes short, no error.
     */
    private static final class TearFirstGets implements Interceptor {
        private final AtomicInteger counter;
        private final int bytes;

        TearFirstGets(AtomicInteger counter, int bytes) {
            this.counter = counter;
            this.bytes = bytes;
        }

        @Override
        public Response intercept(Chain chain) throws IOException {
            Response r = chain.proceed(chain.request());
            if (!chain.request().method().equals("GET") || chain.request().url().queryParameter("list-type") != null
                    || r.code() != 200 || counter.getAndIncrement() > 0) {
                return r;
            }
            byte[] whole;
            okhttp3.MediaType type;
            try (ResponseBody b = r.body()) {
                type = b.contentType();
                whole = b.bytes();
            }
            byte[] cut = Arrays.copyOf(whole, Math.max(0, whole.length - bytes));
            return r.newBuilder().header("Content-Length", Integer.toString(cut.length))
                    .body(ResponseBody.create(cut, type)).build();
        }
    }
}
