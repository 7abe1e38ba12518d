package io.vikingfs.object;

import io.vikingfs.object.audit.FaultyObjectClients;
import io.vikingfs.object.client.ObjectClient;

/** The shared suite over a store where delimited pages carry more common prefixes than max-keys. */
class PrefixesBeyondMaxKeysConformanceTest extends FaultyStoreConformance {
    @Override
    protected ObjectClient faulty(ObjectClient store) {
        return FaultyObjectClients.prefixesBeyondMaxKeys(store);
    }
}
