package io.vikingfs.s3;

import io.vikingfs.Capability;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.WriteOptions;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code VikingFs.open("s3://…")}: the embedded server for a first try, and an explicit endpoint. */
class S3VikingFsProviderTest {

    @Test
    void open_embeddedEndpoint_worksWithNothingInstalled_andStopsOnClose() throws Exception {
        try (VikingFs fs = VikingFs.open(URI.create("s3://demo/agents?endpoint=embedded"))) {
            fs.atomicWrite(VPath.of("a.txt"), "hello".getBytes(StandardCharsets.UTF_8), WriteOptions.DEFAULT);
            fs.append(VPath.of("t.jsonl"), "{}", true);
            assertThat(fs.read(VPath.of("a.txt"))).asString(StandardCharsets.UTF_8).isEqualTo("hello");
            assertThat(fs.uri().toString()).startsWith("s3://demo/agents?endpoint=embedded");
            assertThat(fs.capabilities().has(Capability.CROSS_PROCESS_SAFE)).isTrue();
            assertThat(fs.capabilities().has(Capability.ATOMIC_CONDITIONAL_WRITE)).isFalse();
        }
    }

    @Test
    void open_explicitEndpoint_credentialsFromProperties_neverInTheUri() throws Exception {
        try (EmbeddedS3 s3 = EmbeddedS3.startTransient("explicit")) {
            System.setProperty(S3VikingFsProvider.ACCESS_KEY_PROPERTY, s3.accessKey());
            System.setProperty(S3VikingFsProvider.SECRET_KEY_PROPERTY, s3.secretKey());
            URI uri = URI.create("s3://explicit/p?endpoint=" + s3.endpoint() + "&region=us-east-1");
            try (VikingFs fs = VikingFs.open(uri)) {
                fs.atomicWrite(VPath.of("x"), new byte[] {1}, WriteOptions.DEFAULT);
                assertThat(fs.uri().toString()).doesNotContain(s3.secretKey()).doesNotContain(s3.accessKey())
                        .contains("endpoint=");
            }
            try (VikingFs again = VikingFs.open(uri)) {
                assertThat(again.read(VPath.of("x"))).containsExactly(1);
            }
        } finally {
            System.clearProperty(S3VikingFsProvider.ACCESS_KEY_PROPERTY);
            System.clearProperty(S3VikingFsProvider.SECRET_KEY_PROPERTY);
        }
    }
}
