package io.vikingfs.object;

import io.vikingfs.object.audit.FaultyObjectClients;
import io.vikingfs.object.client.ObjectClient;

/** The shared suite over a store where listings show the {@code <key>-<uuid>} temp object of a PUT in progress. */
class InFlightKeysConformanceTest extends FaultyStoreConformance {
    @Override
    protected ObjectClient faulty(ObjectClient store) {
        return FaultyObjectClients.inFlightKeysListed(store, 1);
    }
}
