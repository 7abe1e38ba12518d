package io.vikingfs.azure;

import io.vikingfs.object.client.AppendableObjectClient;
import io.vikingfs.object.client.AppendableObjectClient.AppendLimitException;
import io.vikingfs.object.client.ObjectMeta;
import io.vikingfs.object.client.ObjectPreconditionFailedException;
import io.vikingfs.object.client.ObjectStoreException;
import io.vikingfs.object.client.PutMode;
import io.vikingfs.object.client.StoredObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link AppendableObjectClient}'s promises on append blobs, and the client's error messages, on Azurite. */
class AzureObjectClientTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void append_addsBlocksAtTheExpectedLength_andRefusesAnyOther() throws Exception {
        try (AzureObjectClient c = Azurite.freshClient()) {
            ObjectMeta created = c.createAppendable("log", PutMode.CREATE);
            assertThat(created.size()).isZero();
            AppendableObjectClient.Appended first = c.append("log", b("a\n"), 0);
            assertThat(first.meta().size()).isEqualTo(2);
            assertThat(first.blockCount()).isEqualTo(1);
            AppendableObjectClient.Appended second = c.append("log", b("bc\n"), 2);
            assertThat(second.meta().size()).isEqualTo(5);
            assertThat(second.blockCount()).isEqualTo(2);
            // a writer that missed the second block: nothing is appended
            assertThatThrownBy(() -> c.append("log", b("late\n"), 2)).isInstanceOf(ObjectPreconditionFailedException.class);
            StoredObject all = c.get("log").orElseThrow();
            assertThat(all.data()).isEqualTo(b("a\nbc\n"));
            assertThat(all.meta().etag()).isEqualTo(second.meta().etag());
            assertThat(all.meta().sha256()).isNull(); // an append blob's body changes: no checksum is kept
        }
    }

    @Test
    void createAppendable_createOnly_refusesAnExistingBlob_overwriteEmptiesIt() throws Exception {
        try (AzureObjectClient c = Azurite.freshClient()) {
            c.createAppendable("log", PutMode.CREATE);
            c.append("log", b("x\n"), 0);
            assertThatThrownBy(() -> c.createAppendable("log", PutMode.CREATE))
                    .isInstanceOf(ObjectPreconditionFailedException.class);
            assertThat(c.get("log").orElseThrow().data()).isEqualTo(b("x\n"));
            c.createAppendable("log", PutMode.OVERWRITE);
            assertThat(c.head("log").orElseThrow().size()).isZero();
            c.put("plain", b("p"), PutMode.OVERWRITE);
            assertThatThrownBy(() -> c.createAppendable("plain", PutMode.CREATE))
                    .isInstanceOf(ObjectPreconditionFailedException.class);
        }
    }

    @Test
    void append_toAMissingBlob_isNoSuchFile_toABlockBlob_isARefusalNamingTheKey() throws Exception {
        try (AzureObjectClient c = Azurite.freshClient()) {
            assertThatThrownBy(() -> c.append("none", b("x"), 0)).isInstanceOf(NoSuchFileException.class);
            c.put("plain", b("p"), PutMode.OVERWRITE);
            assertThatThrownBy(() -> c.append("plain", b("x"), 1)).isInstanceOf(java.io.IOException.class)
                    .hasMessageContaining("plain").hasMessageContaining(c.describe());
            assertThat(c.get("plain").orElseThrow().data()).isEqualTo(b("p"));
        }
    }

    @Test
    void getFrom_readsTheTail_withTheWholeBlobsLength_andNothingAtTheEnd() throws Exception {
        try (AzureObjectClient c = Azurite.freshClient()) {
            c.createAppendable("log", PutMode.CREATE);
            c.append("log", b("0123456789"), 0);
            StoredObject tail = c.getFrom("log", 6).orElseThrow();
            assertThat(tail.data()).isEqualTo(b("6789"));
            assertThat(tail.meta().size()).isEqualTo(10);
            StoredObject end = c.getFrom("log", 10).orElseThrow();
            assertThat(end.data()).isEmpty();
            assertThat(end.meta().size()).isEqualTo(10);
            assertThat(c.getFrom("missing", 3)).isEmpty();
        }
    }

    @Test
    void aLoweredBlockLimit_isAnAppendLimit_andNothingIsAppended() throws Exception {
        EmbeddedAzurite server = Azurite.server();
        String container = Azurite.freshContainer();
        server.client(container).close();
        try (AzureObjectClient c = AzureObjectClient.builder().endpoint(server.endpoint())
                .credentials(EmbeddedAzurite.ACCOUNT, EmbeddedAzurite.ACCOUNT_KEY).container(container)
                .appendLimits(4, 2).build()) {
            c.createAppendable("log", PutMode.CREATE);
            c.append("log", b("ab"), 0);
            c.append("log", b("cd"), 2);
            assertThatThrownBy(() -> c.append("log", b("ef"), 4)).isInstanceOf(AppendLimitException.class)
                    .hasMessageContaining("new object");
            assertThatThrownBy(() -> c.append("log", b("12345"), 4)).isInstanceOf(IllegalArgumentException.class);
            assertThat(c.get("log").orElseThrow().data()).isEqualTo(b("abcd"));
        }
    }

    @Test
    void aWrongKey_isRefusedAsNotRetryable_namingTheAccountAndWhatToDo() throws Exception {
        EmbeddedAzurite server = Azurite.server();
        String wrongKey = java.util.Base64.getEncoder().encodeToString(new byte[64]);
        try (AzureObjectClient c = AzureObjectClient.builder().endpoint(server.endpoint())
                .credentials(EmbeddedAzurite.ACCOUNT, wrongKey).container(Azurite.freshContainer()).build()) {
            assertThatThrownBy(() -> c.put("k", b("v"), PutMode.CREATE))
                    .isInstanceOfSatisfying(ObjectStoreException.class, e -> {
                        assertThat(e.status()).isEqualTo(403);
                        assertThat(e.retryable()).isFalse();
                    })
                    .hasMessageContaining("devstoreaccount1").hasMessageContaining("account name and key");
        }
    }

    @Test
    void aMissingContainer_isNamed_withWhatToDo() throws Exception {
        EmbeddedAzurite server = Azurite.server();
        try (AzureObjectClient c = AzureObjectClient.builder().endpoint(server.endpoint())
                .credentials(EmbeddedAzurite.ACCOUNT, EmbeddedAzurite.ACCOUNT_KEY).container("never-created").build()) {
            assertThatThrownBy(() -> c.get("k")).isInstanceOf(ObjectStoreException.class)
                    .hasMessageContaining("never-created").hasMessageContaining("create the container");
        }
    }

    @Test
    void aDeadEndpoint_isARetryableTransportFailure() {
        try (AzureObjectClient c = AzureObjectClient.builder().endpoint(URI.create("http://127.0.0.1:9/devstoreaccount1"))
                .credentials(EmbeddedAzurite.ACCOUNT, EmbeddedAzurite.ACCOUNT_KEY).container("c1c").build()) {
            assertThatThrownBy(() -> c.head("k")).isInstanceOfSatisfying(ObjectStoreException.class,
                    e -> assertThat(e.retryable()).isTrue()).hasMessageContaining("transport");
        }
    }

    /**
     * The first Put Blob through it fails without an answer: applied ({@code applied}) or not sent at all — to
     * the retrying client above it the two look the same.
     */
    private static io.vikingfs.object.client.RetryingObjectClient losingFirstAnswer(AzureObjectClient c, boolean applied) {
        java.util.concurrent.atomic.AtomicBoolean first = new java.util.concurrent.atomic.AtomicBoolean(true);
        return new io.vikingfs.object.client.RetryingObjectClient(new io.vikingfs.object.client.ForwardingObjectClient(c) {
            @Override
            public ObjectMeta put(String key, byte[] data, PutMode mode) throws java.io.IOException {
                if (first.getAndSet(false)) {
                    if (applied) {
                        delegate.put(key, data, mode);
                    }
                    throw new java.io.IOException("simulated lost answer to the Put Blob of " + key);
                }
                return delegate.put(key, data, mode);
            }
        }, 3, java.time.Duration.ofMillis(1), Long.MAX_VALUE);
    }

    /**
     * A create-only Put Blob that lands but whose answer is lost: the retry gets 412, and the retrying client
     * knows the blob as its own by the stored SHA-256 (Azure's ETags are opaque, no MD5 to compare) — while a
     * blob another writer created in between keeps its 412.
     */
    @Test
    void retryingClient_resolvesItsOwnLostCreate_byTheStoredSha256() throws Exception {
        try (AzureObjectClient c = Azurite.freshClient()) {
            ObjectMeta mine = losingFirstAnswer(c, true).put("claim", b("mine"), PutMode.CREATE);
            assertThat(mine.etag()).as("an opaque ETag, no MD5").doesNotMatch("[0-9a-f]{32}");
            assertThat(c.get("claim").orElseThrow().data()).isEqualTo(b("mine"));
            c.put("theirs", b("theirs"), PutMode.CREATE);
            assertThatThrownBy(() -> losingFirstAnswer(c, false).put("theirs", b("other"), PutMode.CREATE))
                    .isInstanceOf(ObjectPreconditionFailedException.class);
            assertThat(c.get("theirs").orElseThrow().data()).isEqualTo(b("theirs"));
        }
    }
}
