package io.vikingfs.object;

import io.vikingfs.object.audit.FaultyObjectClients;
import io.vikingfs.object.client.ObjectClient;

/** The shared suite over a store where every delimited page repeats every common prefix. */
class RepeatedPrefixesConformanceTest extends FaultyStoreConformance {
    @Override
    protected ObjectClient faulty(ObjectClient store) {
        return FaultyObjectClients.prefixesOnEveryPage(store);
    }
}
