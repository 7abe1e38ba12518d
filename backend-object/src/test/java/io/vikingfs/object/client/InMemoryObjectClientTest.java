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
}
