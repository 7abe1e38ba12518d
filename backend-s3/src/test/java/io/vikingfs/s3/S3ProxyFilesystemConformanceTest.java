package io.vikingfs.s3;

import io.vikingfs.conformance.BackendFixture;
import io.vikingfs.conformance.VikingFsConformance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared suite on S3Proxy's {@code filesystem} blob store (objects in a folder). It repeats the transient
 * tier's ~4 minutes, so it runs on request: {@code -Dvikingfs.s3.allTiers=true}; {@link S3ProxyRestartTest}
 * covers what only this store can show (a restarted server) in every build.
 */
@EnabledIfSystemProperty(named = "vikingfs.s3.allTiers", matches = "true")
class S3ProxyFilesystemConformanceTest extends VikingFsConformance {
    private static EmbeddedS3 s3;

    @BeforeAll
    static void startServer() throws Exception {
        s3 = EmbeddedS3.startFilesystem(Files.createTempDirectory("vikingfs-s3proxy-fs"), "conformance");
    }

    @AfterAll
    static void stopServer() throws Exception {
        s3.close();
    }

    @Override
    protected BackendFixture createFixture() {
        return S3Fixtures.fixture(S3Fixtures.Endpoint.of(s3));
    }
}
