package io.vikingfs.azure;

import java.io.IOException;
import java.util.UUID;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The test JVM's one Azurite (start-up costs a second or two; the install is cached across builds). */
public final class Azurite {
    private Azurite() {
    }

    /** The shared server; the calling test skips, naming what is missing, where Node.js is not installed. */
    public static EmbeddedAzurite server() throws IOException {
        assumeTrue(EmbeddedAzurite.missing().isEmpty(), () -> EmbeddedAzurite.missing().orElse(""));
        return EmbeddedAzurite.shared();
    }

    /** A client of a fresh container of the shared server. */
    public static AzureObjectClient freshClient() throws IOException {
        return server().client(freshContainer());
    }

    /** A container name no other test uses. */
    public static String freshContainer() {
        return "t-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }
}
