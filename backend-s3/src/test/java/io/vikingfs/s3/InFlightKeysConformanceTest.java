package io.vikingfs.s3;

import io.vikingfs.s3.audit.FaultyObjectClients;
import io.vikingfs.s3.object.ObjectClient;

/** The shared suite over a store where listings show the {@code <key>-<uuid>} temp object of a PUT in progress. */
class InFlightKeysConformanceTest extends FaultyStoreConformance {
    @Override
    protected ObjectClient faulty(ObjectClient store) {
        return FaultyObjectClients.inFlightKeysListed(store, 1);
    }
}
