package io.vikingfs.s3;

import io.vikingfs.conformance.BackendFixture;
import io.vikingfs.conformance.VikingFsConformance;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.net.URI;

/**
 * The shared suite on any S3 endpoint given by the environment; skipped when {@code VIKINGFS_S3_ENDPOINT} is
 * unset. {@code VIKINGFS_S3_ACCESS_KEY}, {@code VIKINGFS_S3_SECRET_KEY}, {@code VIKINGFS_S3_BUCKET} (which must
 * exist; each test uses a fresh prefix in it), {@code VIKINGFS_S3_REGION} (default {@code us-east-1}); set
 * {@code VIKINGFS_S3_IF_MATCH=atomic} only for a store that checks {@code If-Match} atomically (AWS S3, MinIO).
 */
@EnabledIfEnvironmentVariable(named = "VIKINGFS_S3_ENDPOINT", matches = ".+")
class EnvEndpointConformanceTest extends VikingFsConformance {

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    @Override
    protected BackendFixture createFixture() {
        return S3Fixtures.fixture(new S3Fixtures.Endpoint(URI.create(env("VIKINGFS_S3_ENDPOINT", "")),
                env("VIKINGFS_S3_REGION", "us-east-1"), env("VIKINGFS_S3_ACCESS_KEY", ""),
                env("VIKINGFS_S3_SECRET_KEY", ""), env("VIKINGFS_S3_BUCKET", "vikingfs-conformance"),
                "atomic".equals(System.getenv("VIKINGFS_S3_IF_MATCH"))));
    }
}
