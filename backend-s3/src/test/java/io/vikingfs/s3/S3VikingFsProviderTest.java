package io.vikingfs.s3;

import io.vikingfs.Capability;
import io.vikingfs.Precondition;
import io.vikingfs.UnsupportedByBackendException;
import io.vikingfs.VPath;
import io.vikingfs.Version;
import io.vikingfs.VikingFs;
import io.vikingfs.VikingFsException;
import io.vikingfs.WriteOptions;
import io.vikingfs.object.ObjectVikingFs;
import io.vikingfs.object.audit.AuditVerdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code VikingFs.open("s3://…")}: the embedded server for a first try, an explicit endpoint, and the store audit
 * the provider runs (or loads from its cache) before it hands the store out.
 */
class S3VikingFsProviderTest {
    private static final byte[] EMPTY_REGISTRY = "{}".getBytes(StandardCharsets.UTF_8);

    @Test
    void open_embeddedEndpoint_isAudited_refusesIfMatch_untilTheWeakerModeIsAccepted_thenUsesTheCache(
            @TempDir Path cache) throws Exception {
        String auditCache = "&auditCache=" + URLEncoder.encode(cache.toString(), StandardCharsets.UTF_8);
        AuditVerdict measured;
        try (VikingFs fs = VikingFs.open(URI.create("s3://demo/agents?endpoint=embedded" + auditCache))) {
            measured = ((ObjectVikingFs) fs).auditVerdict().orElseThrow();
            assertThat(measured.measured()).as("audited before being handed out").isTrue();
            assertThat(fs.uri().toString()).startsWith("s3://demo/agents?endpoint=embedded").contains("auditCache=");
            assertThat(fs.capabilities().has(Capability.CROSS_PROCESS_SAFE)).isTrue();
            assertThat(fs.capabilities().has(Capability.ATOMIC_CONDITIONAL_WRITE)).isFalse();
            VPath registry = VPath.of("sessions/registry.json");
            Version v = fs.atomicWrite(registry, EMPTY_REGISTRY, WriteOptions.precondition(Precondition.ifAbsent()));
            fs.append(VPath.of("t.jsonl"), "{}", true);
            assertThatThrownBy(() -> fs.atomicWrite(registry, "{\"a\":1}".getBytes(StandardCharsets.UTF_8),
                    WriteOptions.precondition(Precondition.ifMatch(v))))
                    .isInstanceOf(UnsupportedByBackendException.class)
                    .hasMessageContaining("sessions/registry.json")
                    .hasMessageContaining("auditAccept=ATOMIC_WRITE_IF_MATCH")
                    .hasMessageContaining("audit=off");
            assertThat(fs.read(registry)).as("the refused write changed nothing").isEqualTo(EMPTY_REGISTRY);
        }
        assertThat(Files.list(cache)).as("the verdict is cached").hasSize(1);

        URI accepting = URI.create("s3://demo/agents?endpoint=embedded&auditAccept=ATOMIC_WRITE_IF_MATCH" + auditCache);
        try (VikingFs fs = VikingFs.open(accepting)) {
            assertThat(((ObjectVikingFs) fs).auditVerdict().orElseThrow().auditedAt())
                    .as("a second embedded server is the same kind of store: the cached verdict serves it")
                    .isEqualTo(measured.auditedAt());
            VPath registry = VPath.of("registry.json");
            Version v = fs.atomicWrite(registry, EMPTY_REGISTRY, WriteOptions.precondition(Precondition.ifAbsent()));
            fs.atomicWrite(registry, "{\"a\":1}".getBytes(StandardCharsets.UTF_8),
                    WriteOptions.precondition(Precondition.ifMatch(v)));
            assertThat(fs.capabilities().has(Capability.ATOMIC_CONDITIONAL_WRITE))
                    .as("an accepted weaker mode is not a capability").isFalse();
        }
    }

    @Test
    void open_withABadAuditParameter_failsNamingIt_beforeAnyRequest() {
        assertThatThrownBy(() -> VikingFs.open(URI.create("s3://demo/p?endpoint=embedded&audit=sometimes")))
                .isInstanceOf(VikingFsException.class)
                .hasMessageContaining("audit=sometimes: expected auto, always or off");
        assertThatThrownBy(() -> VikingFs.open(URI.create("s3://demo/p?endpoint=embedded&auditAccept=FAST")))
                .isInstanceOf(VikingFsException.class)
                .hasMessageContaining("auditAccept: unknown guarantee 'FAST'");
    }

    @Test
    void open_explicitEndpoint_credentialsFromProperties_neverInTheUri_auditOffTrusts() throws Exception {
        try (EmbeddedS3 s3 = EmbeddedS3.startTransient("explicit")) {
            System.setProperty(S3VikingFsProvider.ACCESS_KEY_PROPERTY, s3.accessKey());
            System.setProperty(S3VikingFsProvider.SECRET_KEY_PROPERTY, s3.secretKey());
            URI uri = URI.create("s3://explicit/p?endpoint=" + s3.endpoint() + "&region=us-east-1&audit=off");
            try (VikingFs fs = VikingFs.open(uri)) {
                assertThat(((ObjectVikingFs) fs).auditVerdict().orElseThrow().measured()).isFalse();
                fs.atomicWrite(VPath.of("x"), new byte[] {1}, WriteOptions.DEFAULT);
                assertThat(fs.uri().toString()).doesNotContain(s3.secretKey()).doesNotContain(s3.accessKey())
                        .contains("endpoint=").contains("audit=off");
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
