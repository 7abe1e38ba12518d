package io.vikingfs.s3.audit;

import io.vikingfs.s3.EmbeddedS3;
import io.vikingfs.s3.object.MinioObjectClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * S3Proxy 4.1.0 in this JVM gets its true verdict: create-only atomic (PUT and multipart complete), If-Match
 * checked but not atomically (HEAD, then PUT), If-None-Match on CopyObject ignored, the append offset header
 * refused with 501 — and the audit leaves the bucket empty.
 */
class S3ProxyAuditTest {
    private static EmbeddedS3 s3;
    private static MinioObjectClient client;
    private static MinioAuditProbes probes;
    private static AuditVerdict verdict;

    @BeforeAll
    static void auditS3Proxy() throws Exception {
        s3 = EmbeddedS3.startTransient("audit");
        client = s3.newClient();
        probes = MinioAuditProbes.connect(s3.endpoint().toString(), s3.accessKey(), s3.secretKey(), EmbeddedS3.REGION,
                s3.bucket());
        verdict = StoreAudit.run(client, AuditOptions.defaults().withCacheDir(null).withProbes(probes));
        System.out.println(verdict.toTable());
        System.out.println(verdict.toJson());
    }

    @AfterAll
    static void stop() throws Exception {
        if (probes != null) {
            probes.close();
        }
        if (client != null) {
            client.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    private static Measurement m(Primitive p) {
        return verdict.measurement(p).orElseThrow();
    }

    @Test
    void createOnly_isAtomic_alone_inRaces_andOnMultipartComplete() {
        assertThat(m(Primitive.CREATE_ONLY_PUT).outcome()).isEqualTo(Outcome.OK);
        Measurement race = m(Primitive.CREATE_ONLY_RACE);
        assertThat(race.outcome()).as(race.detail()).isEqualTo(Outcome.OK);
        assertThat(race.count("keys")).isGreaterThanOrEqualTo(20);
        assertThat(race.count("writersPerKey")).isGreaterThanOrEqualTo(16);
        assertThat(race.count("keysWithOneWinner")).isEqualTo(race.count("keys"));
        assertThat(m(Primitive.MULTIPART_CREATE_ONLY).outcome()).as(m(Primitive.MULTIPART_CREATE_ONLY).detail())
                .isEqualTo(Outcome.OK);
        assertThat(verdict.level(Guarantee.ATOMIC_WRITE_IF_ABSENT)).isEqualTo(Level.FULL);
        assertThat(verdict.level(Guarantee.APPEND_MULTI_CLIENT)).isEqualTo(Level.FULL);
    }

    @Test
    void ifMatch_refusesAStaleEtag_butIsNotAtomic() {
        assertThat(m(Primitive.IF_MATCH_PUT).outcome()).as(m(Primitive.IF_MATCH_PUT).detail()).isEqualTo(Outcome.OK);
        Measurement race = m(Primitive.IF_MATCH_RACE);
        assertThat(race.outcome()).as(race.detail()).isEqualTo(Outcome.NOT_ATOMIC);
        assertThat(race.count("lostUpdates")).isPositive();
        assertThat(verdict.level(Guarantee.ATOMIC_WRITE_IF_MATCH)).isEqualTo(Level.WEAKER);
    }

    @Test
    void copyIgnoresIfNoneMatch_andTheAppendHeaderIsRefused() {
        assertThat(m(Primitive.COPY_IF_ABSENT).outcome()).as(m(Primitive.COPY_IF_ABSENT).detail())
                .isEqualTo(Outcome.IGNORED);
        assertThat(m(Primitive.UNSUPPORTED_HEADER).outcome()).as(m(Primitive.UNSUPPORTED_HEADER).detail())
                .isEqualTo(Outcome.REFUSED);
        assertThat(verdict.level(Guarantee.RENAME_NO_REPLACE)).as("rename claims its destination create-only, not by copy")
                .isEqualTo(Level.FULL);
    }

    @Test
    void audit_leavesTheBucketEmpty() throws Exception {
        assertThat(client.list("", null, null, 1000).objects()).isEmpty();
    }
}
