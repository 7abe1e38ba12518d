package io.vikingfs.object;

import io.vikingfs.azure.Azurite;
import io.vikingfs.azure.EmbeddedAzurite;
import io.vikingfs.conformance.BackendFixture;
import io.vikingfs.conformance.ChildProcessSpec;
import io.vikingfs.conformance.VikingFsConformance;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

/**
 * The shared conformance suite on the Azure backend against Azurite: the object-store protocols over
 * {@link io.vikingfs.azure.AzureObjectClient}, each fixture a fresh prefix of one container, with a child JVM
 * opening the same store by its {@code az://} URI for the multi-process cases. Azurite checks Put Blob's
 * {@code If-Match} atomically (measured), so {@code ATOMIC_CONDITIONAL_WRITE} is declared. It lives in the S3
 * fixtures' package to use them rather than copy them. Over ten minutes on this machine: behind
 * {@code -Dvikingfs.azure.long=true}.
 */
@EnabledIfSystemProperty(named = "vikingfs.azure.long", matches = "true",
        disabledReason = "the suite takes over 10 minutes on Azurite (segment logs over HTTP to one Node.js process):"
                + " run it with -Dvikingfs.azure.long=true")
class AzuriteConformanceTest extends VikingFsConformance {
    private static final String CONTAINER = "conformance";

    @Override
    protected BackendFixture createFixture() {
        try {
            EmbeddedAzurite server = Azurite.server();
            server.client(CONTAINER).close();
            String prefix = "t-" + UUID.randomUUID().toString().substring(0, 12);
            URI uri = URI.create("az://" + CONTAINER + "/" + prefix + "?endpoint="
                    + URLEncoder.encode(server.endpoint().toString(), StandardCharsets.UTF_8)
                    // the parent opens this store without a gate (it vouches for the store): so does the child
                    + "&audit=off");
            return ObjectFixtures.fixture(prefix, () -> server.client(CONTAINER), () -> server.client(CONTAINER),
                    ObjectStoreOptions.DEFAULT, true, uri, Optional.of(ChildProcessSpec.onCurrentClassPath(uri)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
