package io.vikingfs.object;

import io.vikingfs.object.client.InMemoryAppendableObjectClient;
import io.vikingfs.object.client.InMemoryObjectClient;

/**
 * The request-cut crash model over logs kept in append objects (Azure's append blobs; {@link AppendObjectLog}):
 * every workload cut after every request — the append blocks, the seals, the segment creations and the checks
 * after a lost answer included — on an in-memory store whose append objects hold 3 blocks, so the appends of
 * the workloads roll over to new segments again and again. Report: {@code target/vikingfs-crash-report.json}.
 */
class AppendObjectsRequestCutCrashTest extends RequestCutCrashModel {
    @Override
    protected InMemoryObjectClient newStore() {
        return new InMemoryAppendableObjectClient(64 * 1024, 3);
    }

    @Override
    protected String backendLabel() {
        return "append objects (in-memory appendable object client, 3 blocks per object, request-cut model)";
    }

    @Override
    protected int minimumStates() {
        return 3000;
    }
}
