package io.vikingfs.object.client;

import io.vikingfs.azure.Azurite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The S3 backend's {@link ObjectClientContract} held against the Azure client on Azurite (it lives in the
 * contract's package because the contract is package-private; it reaches this module as backend-s3's test-jar).
 */
class AzureObjectClientContractTest extends ObjectClientContract {
    private ObjectClient client;

    @BeforeEach
    void open() throws Exception {
        client = Azurite.freshClient();
    }

    @AfterEach
    void close() throws Exception {
        client.close();
    }

    @Override
    protected ObjectClient client() {
        return client;
    }

    @Override
    protected String base() {
        return "p/";
    }

    @Override
    protected boolean etagIsBodyMd5() {
        return false; // Azure's ETags are opaque version stamps (0x8D…)
    }
}
