package io.vikingfs.object;

import io.vikingfs.object.audit.FaultyObjectClients;
import io.vikingfs.object.client.ObjectClient;

/** The shared suite over a store where one GET in four returns an empty body. */
class EmptyReadsConformanceTest extends FaultyStoreConformance {
    @Override
    protected ObjectClient faulty(ObjectClient store) {
        return FaultyObjectClients.emptyReads(store, 0.25, 14);
    }
}
