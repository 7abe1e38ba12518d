package io.vikingfs.s3;

import io.vikingfs.conformance.BackendFixture;
import io.vikingfs.conformance.ChildProcessSpec;
import io.vikingfs.object.ObjectFixtures;
import io.vikingfs.object.ObjectStoreOptions;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
                    + (ifMatchAtomic ? "&ifMatch=atomic" : "")
                    // The parent test opens this store without a gate (it vouches for the store): so does the child.
                    + "&audit=off");
        }
    }

    /**
     * A fixture on a fresh prefix of {@code e}'s bucket; child JVMs get the credentials as system properties.
     * Below the API it counts acknowledged mutating requests (S3's durable commits), writes raw objects, and
     * plants the leftover of an interrupted conversion of a file into a log.
     */
    static BackendFixture fixture(Endpoint e) {
        String prefix = "t-" + UUID.randomUUID().toString().substring(0, 12);
        // the suite opens the child URI in this JVM too: the provider reads the same properties
        System.setProperty(S3VikingFsProvider.ACCESS_KEY_PROPERTY, e.accessKey());
        System.setProperty(S3VikingFsProvider.SECRET_KEY_PROPERTY, e.secretKey());
        ChildProcessSpec base = ChildProcessSpec.onCurrentClassPath(e.uri(prefix));
        List<String> args = new ArrayList<>(base.jvmArgs());
        args.add("-D" + S3VikingFsProvider.ACCESS_KEY_PROPERTY + "=" + e.accessKey());
        args.add("-D" + S3VikingFsProvider.SECRET_KEY_PROPERTY + "=" + e.secretKey());
        args.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        return ObjectFixtures.fixture(prefix, e::client, e::client, ObjectStoreOptions.DEFAULT, e.ifMatchAtomic(), e.uri(prefix),
                Optional.of(new ChildProcessSpec(base.storeUri(), base.classPath(), args)));
    }

}
