package io.vikingfs.object.client;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InMemoryObjectClientTest extends ObjectClientContract {
    @Override
    protected ObjectClient client() {
        return new InMemoryObjectClient();
    }

    @Override
    protected String base() {
        return "p/";
    }

    @Test
    void hook_lostResponse_appliesTheRequest_dropDoesNot() throws Exception {
        InMemoryObjectClient store = new InMemoryObjectClient();
        InMemoryObjectClient lossy = store.view((i, op, key) -> i == 0 ? InMemoryObjectClient.Outcome.APPLY_AND_LOSE_RESPONSE
                : InMemoryObjectClient.Outcome.DROP);
        assertThatThrownBy(() -> lossy.put("k", "v".getBytes(StandardCharsets.UTF_8), PutMode.CREATE))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> lossy.put("k2", "v".getBytes(StandardCharsets.UTF_8), PutMode.CREATE))
                .isInstanceOf(IOException.class);
        assertThat(store.snapshot()).containsOnlyKeys("k");
        assertThat(lossy.requestCount()).isEqualTo(2);
    }

    @Test
    void retryingClient_resolvesA412AfterItsOwnLostCreate() throws Exception {
        InMemoryObjectClient store = new InMemoryObjectClient();
        InMemoryObjectClient lossy = store.view((i, op, key) -> i == 0 ? InMemoryObjectClient.Outcome.APPLY_AND_LOSE_RESPONSE
                : InMemoryObjectClient.Outcome.APPLY);
        RetryingObjectClient retrying = new RetryingObjectClient(lossy, 3, java.time.Duration.ofMillis(1), 5 << 20);
        ObjectMeta meta = retrying.put("k", "mine".getBytes(StandardCharsets.UTF_8), PutMode.CREATE);
        assertThat(meta.etag()).isEqualTo(InMemoryObjectClient.md5Hex("mine".getBytes(StandardCharsets.UTF_8)));
        // and someone else's object still fails the create
        assertThatThrownBy(() -> retrying.put("k", "other".getBytes(StandardCharsets.UTF_8), PutMode.CREATE))
                .isInstanceOf(ObjectPreconditionFailedException.class);
    }

    /**
     * A store whose ETags are opaque (Azure's {@code 0x8D…}), as seen through {@code store}: every ETag replaced by
     * a tag derived from the key and modification time, and the SHA-256 kept only if {@code keepSha256}.
     */
    private static ObjectClient opaqueEtags(ObjectClient store, boolean keepSha256) {
        return new ForwardingObjectClient(store) {
            private ObjectMeta opaque(ObjectMeta m) {
                return new ObjectMeta(m.key(), "0x" + Long.toHexString(m.key().hashCode() * 31L + m.lastModified()
                        .toEpochMilli()).toUpperCase(java.util.Locale.ROOT), m.size(), m.lastModified(),
                        keepSha256 ? m.sha256() : null);
            }

            @Override
            public ObjectMeta put(String key, byte[] data, PutMode mode) throws IOException {
                return opaque(delegate.put(key, data, mode));
            }

            @Override
            public java.util.Optional<ObjectMeta> head(String key) throws IOException {
                return delegate.head(key).map(this::opaque);
            }
        };
    }

    /** A retrying client of {@code store} with opaque ETags whose first request is applied but its answer lost. */
    private static RetryingObjectClient losingFirstAnswer(InMemoryObjectClient store, boolean keepSha256) {
        InMemoryObjectClient lossy = store.view((i, op, key) -> i == 0 ? InMemoryObjectClient.Outcome.APPLY_AND_LOSE_RESPONSE
                : InMemoryObjectClient.Outcome.APPLY);
        return new RetryingObjectClient(opaqueEtags(lossy, keepSha256), 3, java.time.Duration.ofMillis(1), 5 << 20);
    }

    /** Opaque ETags: the retrying client knows its own lost create by the stored SHA-256, not by an MD5 ETag. */
    @Test
    void retryingClient_resolvesItsOwnLostCreate_bySha256_whereEtagsAreOpaque() throws Exception {
        InMemoryObjectClient store = new InMemoryObjectClient();
        byte[] mine = "mine".getBytes(StandardCharsets.UTF_8);
        ObjectMeta meta = losingFirstAnswer(store, true).put("k", mine, PutMode.CREATE);
        assertThat(meta.sha256()).isEqualTo(BodyChecksum.sha256Hex(mine));
        assertThat(meta.etag()).startsWith("0x");
        // someone else's object still fails the create
        store.put("k2", "theirs".getBytes(StandardCharsets.UTF_8), PutMode.CREATE);
        assertThatThrownBy(() -> losingFirstAnswer(store, true).put("k2", "other".getBytes(StandardCharsets.UTF_8),
                PutMode.CREATE)).isInstanceOf(ObjectPreconditionFailedException.class);
        assertThat(store.get("k2").orElseThrow().data()).isEqualTo("theirs".getBytes(StandardCharsets.UTF_8));
    }

    /** With neither a readable ETag nor a stored SHA-256 the client cannot tell: the 412 stands (no false success). */
    @Test
    void retryingClient_withOpaqueEtagsAndNoSha256_letsThe412Stand() throws Exception {
        assertThatThrownBy(() -> losingFirstAnswer(new InMemoryObjectClient(), false).put("k",
                "mine".getBytes(StandardCharsets.UTF_8), PutMode.CREATE)).isInstanceOf(ObjectPreconditionFailedException.class);
    }
}
