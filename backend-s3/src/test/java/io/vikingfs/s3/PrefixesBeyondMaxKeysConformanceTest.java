package io.vikingfs.s3;

import io.vikingfs.s3.audit.FaultyObjectClients;
import io.vikingfs.s3.object.ObjectClient;

/** The shared suite over a store where delimited pages carry more common prefixes than max-keys. */
class PrefixesBeyondMaxKeysConformanceTest extends FaultyStoreConformance {
    @Override
    protected ObjectClient faulty(ObjectClient store) {
        return FaultyObjectClients.prefixesBeyondMaxKeys(store);
    }
}
