package io.vikingfs.object;

import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.conformance.BackendFixture;
import io.vikingfs.conformance.VikingFsConformance;
import io.vikingfs.object.client.InMemoryAppendableObjectClient;
import io.vikingfs.object.client.InMemoryObjectClient;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared conformance suite on {@link ObjectVikingFs} over an in-memory store with append objects, so every log
 * is kept in append objects ({@link AppendObjectLog}). 200 blocks per object: the suite's long logs roll over to
 * new segments. One JVM: the multi-process cases skip.
 */
class AppendObjectsConformanceTest extends VikingFsConformance {
    /** The store of the last fixture made, to check below the API that its logs are append objects. */
    private InMemoryAppendableObjectClient store;

    @Override
    protected BackendFixture createFixture() {
        store = new InMemoryAppendableObjectClient(InMemoryAppendableObjectClient.DEFAULT_MAX_BLOCK_BYTES, 200);
        InMemoryAppendableObjectClient current = store;
        String prefix = "t-" + UUID.randomUUID().toString().substring(0, 8);
        return ObjectFixtures.fixture(prefix, () -> current.view((i, op, key) -> InMemoryObjectClient.Outcome.APPLY),
                () -> current, ObjectStoreOptions.DEFAULT, true, URI.create("az://memory/" + prefix), Optional.empty());
    }

    /** The fixture keeps the store appendable through its counting and retrying clients: the suite tests append objects. */
    @Test
    void theFixturesLogs_areAppendObjects() throws Exception {
        try (BackendFixture fixture = createFixture()) {
            try (VikingFs fs = fixture.open()) {
                fs.append(VPath.of("probe.jsonl"), "{\"probe\":1}", true);
            }
        }
        assertThat(store.snapshot().keySet()).filteredOn(k -> k.contains("/.vfs-log.probe.jsonl/s-")).isNotEmpty()
                .allMatch(store::isAppendable);
    }
}
