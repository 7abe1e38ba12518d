package io.vikingfs.object;

import io.vikingfs.object.client.InMemoryAppendableObjectClient;
import io.vikingfs.object.client.InMemoryObjectClient;

/**
 * The request-cut crash model over the Azure backend's protocols — the object-store protocols with logs kept in
 * append blobs ({@link AppendObjectLog}): every workload cut after every request — the append blocks, the seals,
 * the segment creations and the checks after a lost answer included — on an in-memory store whose append objects
 * hold 3 blocks, so the appends of the workloads roll over to new blobs again and again. It lives in this module
 * (the model itself is backend-object's, from its test jar) so its report is the Azure backend's:
 * {@code backend-azure/target/vikingfs-crash-report.json}.
 */
class AppendObjectsRequestCutCrashTest extends RequestCutCrashModel {
    @Override
    protected InMemoryObjectClient newStore() {
        return new InMemoryAppendableObjectClient(64 * 1024, 3);
    }

    @Override
    protected String backendLabel() {
        return "azure: append objects (in-memory appendable object client, 3 blocks per object, request-cut model)";
    }

    @Override
    protected int minimumStates() {
        return 3000;
    }
}
