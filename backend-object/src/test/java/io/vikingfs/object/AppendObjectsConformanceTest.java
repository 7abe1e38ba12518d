package io.vikingfs.object;

import io.vikingfs.conformance.BackendFixture;
import io.vikingfs.conformance.VikingFsConformance;
import io.vikingfs.object.client.InMemoryAppendableObjectClient;
import io.vikingfs.object.client.InMemoryObjectClient;

import java.net.URI;
import java.util.Optional;
import java.util.UUID;

/**
 * The shared conformance suite on {@link ObjectVikingFs} over an in-memory store with append objects, so every log
 * is kept in append objects ({@link AppendObjectLog}). 200 blocks per object: the suite's long logs roll over to
 * new segments. One JVM: the multi-process cases skip.
 */
class AppendObjectsConformanceTest extends VikingFsConformance {
    @Override
    protected BackendFixture createFixture() {
        InMemoryAppendableObjectClient store = new InMemoryAppendableObjectClient(
                InMemoryAppendableObjectClient.DEFAULT_MAX_BLOCK_BYTES, 200);
        String prefix = "t-" + UUID.randomUUID().toString().substring(0, 8);
        return ObjectFixtures.fixture(prefix, () -> store.view((i, op, key) -> InMemoryObjectClient.Outcome.APPLY),
                () -> store, ObjectStoreOptions.DEFAULT, true, URI.create("az://memory/" + prefix), Optional.empty());
    }
}
