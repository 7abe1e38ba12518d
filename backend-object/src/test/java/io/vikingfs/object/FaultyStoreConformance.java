package io.vikingfs.object;

import io.vikingfs.conformance.BackendFixture;
import io.vikingfs.conformance.VikingFsConformance;
import io.vikingfs.object.client.InMemoryObjectClient;
import io.vikingfs.object.client.ObjectClient;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.net.URI;
import java.util.Set;
import java.util.Optional;
import java.util.UUID;

/**
 * The shared conformance suite over an in-memory store seen through one faulty client (see
 * {@code audit.FaultyObjectClients}): the backend must read and list correctly over it, or refuse clearly —
 * never a silent wrong answer. In-memory keeps it cheap; one JVM, so the multi-process cases skip, and the two
 * append-volume cases (16,000 appends; many logs at once), which neither read a body twice nor list a directory,
 * are left to the S3Proxy tiers: with five faulty clients they would cost minutes and prove nothing more here.
 */
@ExtendWith(FaultyStoreConformance.VolumeCasesOff.class)
abstract class FaultyStoreConformance extends VikingFsConformance {

    /** {@code store} as the faulty client under test sees it. */
    protected abstract ObjectClient faulty(ObjectClient store);

    @Override
    protected BackendFixture createFixture() {
        InMemoryObjectClient store = new InMemoryObjectClient();
        String prefix = "t-" + UUID.randomUUID().toString().substring(0, 8);
        return ObjectFixtures.fixture(prefix, () -> faulty(store.view((i, op, key) -> InMemoryObjectClient.Outcome.APPLY)),
                // small pages, so that directories of the suite span several and the listing faults bite
                () -> store, ObjectStoreOptions.DEFAULT.withListPageSize(7), true, URI.create("s3://memory/" + prefix),
                Optional.empty());
    }

    /** Disables, by name, the append-volume cases (see the class comment). */
    static final class VolumeCasesOff implements ExecutionCondition {
        private static final Set<String> VOLUME = Set.of("appends_8threadsX2000_16000IntactRecordsEachWritersOrderKept",
                "appendsToDifferentLogs_concurrently_eachLogComplete");

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            String method = context.getTestMethod().map(java.lang.reflect.Method::getName).orElse("");
            return VOLUME.contains(method)
                    ? ConditionEvaluationResult.disabled("append volume: run on the S3Proxy tiers")
                    : ConditionEvaluationResult.enabled("");
        }
    }
}
