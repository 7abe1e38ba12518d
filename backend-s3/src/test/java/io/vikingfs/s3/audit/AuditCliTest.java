package io.vikingfs.s3.audit;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What {@code vikingfs audit} runs: with no store it audits an in-JVM S3Proxy; bad URIs fail before any request. */
class AuditCliTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void noStore_auditsAnEmbeddedS3Proxy_printsJson_andReportsThatNotEverythingIsFull() throws Exception {
        int code = AuditCli.run(null, true, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(AuditCli.SOME_NOT_FULL);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("S3Proxy started in this JVM");
        AuditVerdict v = AuditVerdict.fromJson(out.toString(StandardCharsets.UTF_8));
        assertThat(v.level(Guarantee.ATOMIC_WRITE_IF_ABSENT)).isEqualTo(Level.FULL);
        assertThat(v.level(Guarantee.ATOMIC_WRITE_IF_MATCH)).isEqualTo(Level.WEAKER);
    }

    @Test
    void nonS3Uri_orMissingEndpoint_failsWithWhatToAdd() {
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> AuditCli.run(URI.create("file:/tmp/x"), false, o, o))
                .hasMessageContaining("s3://bucket/prefix?endpoint=");
        assertThatThrownBy(() -> AuditCli.run(URI.create("s3://bucket/prefix"), false, o, o))
                .hasMessageContaining("?endpoint=http://host:port");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
