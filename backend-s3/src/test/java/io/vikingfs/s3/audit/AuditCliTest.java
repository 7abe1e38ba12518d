package io.vikingfs.s3.audit;

import io.vikingfs.object.audit.AuditCache;
import io.vikingfs.object.audit.AuditOptions;
import io.vikingfs.object.audit.AuditVerdict;
import io.vikingfs.object.audit.Guarantee;
import io.vikingfs.object.audit.Level;
import io.vikingfs.object.audit.StoreAudit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What {@code vikingfs audit} runs: with no store it audits an in-JVM S3Proxy; bad URIs fail before any request. */
class AuditCliTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void noStore_auditsAnEmbeddedS3Proxy_printsJson_andReportsThatNotEverythingIsFull(@TempDir Path cache)
            throws Exception {
        int code = AuditCli.run(null, true, AuditOptions.defaults().withCacheDir(cache),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(AuditCli.SOME_NOT_FULL);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("S3Proxy started in this JVM");
        AuditVerdict v = AuditVerdict.fromJson(out.toString(StandardCharsets.UTF_8));
        assertThat(v.level(Guarantee.ATOMIC_WRITE_IF_ABSENT)).isEqualTo(Level.FULL);
        assertThat(v.level(Guarantee.ATOMIC_WRITE_IF_MATCH)).isEqualTo(Level.WEAKER);
        assertThat(new AuditCache(cache).load(OpenAudit.EMBEDDED_S3PROXY, java.time.Duration.ofDays(1),
                java.time.Instant.now())).as("cached under the embedded id for later opens").contains(v);
    }

    @Test
    void nonS3Uri_orMissingEndpoint_failsWithWhatToAdd() {
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        AuditOptions noCache = AuditOptions.defaults().withCacheDir(null);
        assertThatThrownBy(() -> AuditCli.run(URI.create("file:/tmp/x"), false, noCache, o, o))
                .hasMessageContaining("s3://bucket/prefix?endpoint=");
        assertThatThrownBy(() -> AuditCli.run(URI.create("s3://bucket/prefix"), false, noCache, o, o))
                .hasMessageContaining("?endpoint=http://host:port");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
