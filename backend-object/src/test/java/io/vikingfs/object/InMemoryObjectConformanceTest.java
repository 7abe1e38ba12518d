package io.vikingfs.object;

import io.vikingfs.conformance.BackendFixture;
import io.vikingfs.conformance.VikingFsConformance;
import io.vikingfs.object.client.InMemoryObjectClient;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.util.Optional;
import java.util.UUID;

/**
 * The shared conformance suite on the S3 protocols over the in-memory object client, whose preconditions are
 * atomic ({@code ATOMIC_CONDITIONAL_WRITE} declared, so the compare-and-swap races run too). It is fast enough to
 * be among PIT's killers for the API edge (see docs/mutation.md): small listing pages, so directories of the suite
 * span several pages, and a compaction fanout of 4, so the suite's logs compact. One JVM: the multi-process cases
 * skip; the two append-volume cases are left to the S3Proxy tiers.
 */
@ExtendWith(FaultyStoreConformance.VolumeCasesOff.class)
class InMemoryObjectConformanceTest extends VikingFsConformance {
    @Override
    protected BackendFixture createFixture() {
        InMemoryObjectClient store = new InMemoryObjectClient();
        String prefix = "t-" + UUID.randomUUID().toString().substring(0, 8);
        return ObjectFixtures.fixture(prefix, () -> store.view((i, op, key) -> InMemoryObjectClient.Outcome.APPLY),
                () -> store, ObjectStoreOptions.DEFAULT.withListPageSize(7).withCompactionFanout(4), true,
                URI.create("s3://memory/" + prefix), Optional.empty());
    }
}
