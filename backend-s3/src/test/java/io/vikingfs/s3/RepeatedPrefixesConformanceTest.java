package io.vikingfs.s3;

import io.vikingfs.s3.audit.FaultyObjectClients;
import io.vikingfs.s3.object.ObjectClient;

/** The shared suite over a store where every delimited page repeats every common prefix. */
class RepeatedPrefixesConformanceTest extends FaultyStoreConformance {
    @Override
    protected ObjectClient faulty(ObjectClient store) {
        return FaultyObjectClients.prefixesOnEveryPage(store);
    }
}
