package io.vikingfs.s3;

import io.vikingfs.Capabilities;
import io.vikingfs.Capability;
import io.vikingfs.VikingFs;
import io.vikingfs.conformance.BackendFixture;
import io.vikingfs.conformance.ChildProcessSpec;
import io.vikingfs.s3.object.MinioObjectClient;
import io.vikingfs.s3.object.RetryingObjectClient;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Conformance fixtures over an S3 endpoint: each fixture is a fresh prefix of one bucket. */
final class S3Fixtures {
    private S3Fixtures() {
    }

    /** An S3 endpoint the tests may use. */
    record Endpoint(URI endpoint, String region, String accessKey, String secretKey, String bucket, boolean ifMatchAtomic) {
        static Endpoint of(EmbeddedS3 s3) {
            return new Endpoint(s3.endpoint(), EmbeddedS3.REGION, s3.accessKey(), s3.secretKey(), s3.bucket(), false);
        }

        MinioObjectClient client() {
            return MinioObjectClient.builder().endpoint(endpoint).region(region).credentials(accessKey, secretKey)
                    .bucket(bucket).partSize(5L << 20).build();
        }

        URI uri(String prefix) {
            return URI.create("s3://" + bucket + "/" + prefix + "?endpoint="
                    + URLEncoder.encode(endpoint.toString(), StandardCharsets.UTF_8) + "&region=" + region
                    + (ifMatchAtomic ? "&ifMatch=atomic" : ""));
        }
    }

    static Capabilities expected(boolean ifMatchAtomic) {
        return ifMatchAtomic ? Capabilities.of(Capability.ATOMIC_CONDITIONAL_WRITE, Capability.ATOMIC_BATCH_APPEND,
                        Capability.CROSS_PROCESS_SAFE)
                : Capabilities.of(Capability.ATOMIC_BATCH_APPEND, Capability.CROSS_PROCESS_SAFE);
    }

    /** A fixture on a fresh prefix of {@code e}'s bucket; child JVMs get the credentials as system properties. */
    static BackendFixture fixture(Endpoint e) {
        String prefix = "t-" + UUID.randomUUID().toString().substring(0, 12);
        // the suite opens the child URI in this JVM too: the provider reads the same properties
        System.setProperty(S3VikingFsProvider.ACCESS_KEY_PROPERTY, e.accessKey());
        System.setProperty(S3VikingFsProvider.SECRET_KEY_PROPERTY, e.secretKey());
        return new BackendFixture() {
            @Override
            public VikingFs open() throws IOException {
                return S3VikingFs.open(new RetryingObjectClient(e.client(), 6, Duration.ofMillis(20), 5L << 20), prefix,
                        S3Options.DEFAULT, e.ifMatchAtomic(), e.uri(prefix), null);
            }

            @Override
            public Capabilities expected() {
                return S3Fixtures.expected(e.ifMatchAtomic());
            }

            @Override
            public Optional<ChildProcessSpec> childProcess() {
                ChildProcessSpec base = ChildProcessSpec.onCurrentClassPath(e.uri(prefix));
                List<String> args = new ArrayList<>(base.jvmArgs());
                args.add("-D" + S3VikingFsProvider.ACCESS_KEY_PROPERTY + "=" + e.accessKey());
                args.add("-D" + S3VikingFsProvider.SECRET_KEY_PROPERTY + "=" + e.secretKey());
                args.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
                return Optional.of(new ChildProcessSpec(base.storeUri(), base.classPath(), args));
            }
        };
    }
}
