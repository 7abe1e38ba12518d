package io.vikingfs.s3;

import io.vikingfs.conformance.BackendFixture;
import io.vikingfs.conformance.VikingFsConformance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shared conformance suite on S3Proxy in this JVM with its in-memory ({@code transient}) blob store; each
 * test gets a fresh prefix of one bucket. S3Proxy checks {@code If-Match} non-atomically, so
 * {@code ATOMIC_CONDITIONAL_WRITE} is not declared here (its races run on the in-memory client instead). One case
 * fails on the server itself, not the backend, and is disabled by name: see {@link S3ProxyDefects}.
 */
@ExtendWith(S3ProxyDefects.class)
class S3ConformanceTest extends VikingFsConformance {
    private static EmbeddedS3 s3;

    @BeforeAll
    static void startServer() throws Exception {
        s3 = EmbeddedS3.startTransient("conformance");
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
