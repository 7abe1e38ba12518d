package io.vikingfs.s3;

import io.vikingfs.s3.audit.FaultyObjectClients;
import io.vikingfs.s3.object.ObjectClient;

/** The shared suite over a store where one GET in four returns an empty body. */
class EmptyReadsConformanceTest extends FaultyStoreConformance {
    @Override
    protected ObjectClient faulty(ObjectClient store) {
        return FaultyObjectClients.emptyReads(store, 0.25, 14);
    }
}
