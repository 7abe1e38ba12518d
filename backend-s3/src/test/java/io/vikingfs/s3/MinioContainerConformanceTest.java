package io.vikingfs.s3;

import io.vikingfs.conformance.BackendFixture;
import io.vikingfs.conformance.VikingFsConformance;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

import java.net.URI;

/**
 * The shared suite on a real MinIO server in Docker (Testcontainers). MinIO checks {@code If-Match} atomically,
 * so {@code ATOMIC_CONDITIONAL_WRITE} is declared and its races run here. Skips itself where no Docker engine
 * runs.
 */
@Testcontainers(disabledWithoutDocker = true)
class MinioContainerConformanceTest extends VikingFsConformance {
    @Container
    static final MinIOContainer MINIO = new MinIOContainer(
            DockerImageName.parse("quay.io/minio/minio").asCompatibleSubstituteFor("minio/minio"));

    private static S3Fixtures.Endpoint endpoint;

    @BeforeAll
    static void createBucket() throws Exception {
        endpoint = new S3Fixtures.Endpoint(URI.create(MINIO.getS3URL()), "us-east-1", MINIO.getUserName(),
                MINIO.getPassword(), "conformance", true);
        try (MinioObjectClient c = endpoint.client()) {
            c.createBucketIfMissing();
        }
    }

    @Override
    protected BackendFixture createFixture() {
        return S3Fixtures.fixture(endpoint);
    }
}
