package io.vikingfs.s3.audit;

import io.vikingfs.object.audit.AuditOptions;
import io.vikingfs.object.audit.AuditVerdict;
import io.vikingfs.object.audit.Level;
import io.vikingfs.object.audit.StoreAudit;
import io.vikingfs.s3.EmbeddedS3;
import io.vikingfs.s3.MinioObjectClient;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;

/**
 * What {@code vikingfs audit} does, kept beside the audit so the command line stays a thin wrapper: audits the
 * endpoint of an {@code s3://} URI — or, with none, an S3Proxy started in this JVM — and prints the verdict as a
 * table or as JSON. The fresh verdict replaces the cached one, so the backend's next open uses it.
 */
public final class AuditCli {
    /** Exit code when every guarantee is FULL. */
    public static final int ALL_FULL = 0;
    /** Exit code when the store keeps some guarantee only in a weaker mode, or not at all (the CLI's "check found problems"). */
    public static final int SOME_NOT_FULL = 5;

    private AuditCli() {
    }

    /**
     * Audits and prints.
     *
     * @param store {@code s3://bucket/prefix?endpoint=…} or {@code null} for an in-JVM S3Proxy
     * @param json  print the verdict as JSON instead of a table
     * @return {@link #ALL_FULL} or {@link #SOME_NOT_FULL}
     * @throws IOException if the store cannot be reached, the URI is not an S3 one, or the audit cannot clean up
     */
    public static int run(URI store, boolean json, PrintStream out, PrintStream err) throws IOException {
        return run(store, json, AuditOptions.defaults(), out, err);
    }

    /** As {@link #run(URI, boolean, PrintStream, PrintStream)}, starting from {@code base} options (e.g. another cache). */
    public static int run(URI store, boolean json, AuditOptions base, PrintStream out, PrintStream err)
            throws IOException {
        AuditVerdict v;
        if (store == null) {
            err.println("no --fs given: auditing an S3Proxy started in this JVM (in-memory blob store)");
            try (EmbeddedS3 s3 = EmbeddedS3.startTransient("vikingfs-audit");
                 MinioObjectClient client = s3.newClient();
                 MinioAuditProbes probes = MinioAuditProbes.connect(s3.endpoint().toString(), s3.accessKey(),
                         s3.secretKey(), EmbeddedS3.REGION, s3.bucket())) {
                // Cached under a fixed id, so stores opened on an in-JVM S3Proxy later need no audit of their own.
                v = StoreAudit.forEndpoint(client, base.withMode(AuditOptions.Mode.ALWAYS_AUDIT)
                        .withEndpointId(OpenAudit.EMBEDDED_S3PROXY).withProbes(probes));
            }
        } else {
            v = S3Endpoints.audit(store, base, err);
        }
        out.print(json ? v.toJson() + System.lineSeparator() : v.toTable());
        out.flush();
        return v.verdicts().stream().allMatch(g -> g.level() == Level.FULL) ? ALL_FULL : SOME_NOT_FULL;
    }
}
