package io.vikingfs.s3.audit;

import io.vikingfs.object.audit.AuditOptions;
import io.vikingfs.object.audit.AuditVerdict;
import io.vikingfs.object.audit.StoreAudit;
import io.vikingfs.s3.S3VikingFsProvider;
import io.vikingfs.s3.MinioObjectClient;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.util.Map;

/**
 * Audits the endpoint an {@code s3://bucket/prefix?endpoint=http://host:port[&region=…]} URI names, under the
 * URI's prefix, with credentials found as the s3 provider finds them (system properties, then
 * {@code VIKINGFS_S3_*}, then {@code AWS_*} environment variables).
 */
final class S3Endpoints {
    private S3Endpoints() {
    }

    static AuditVerdict audit(URI uri, AuditOptions base, PrintStream err) throws IOException {
        if (!"s3".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new IOException(uri + ": the audit needs an s3://bucket/prefix?endpoint=http://host:port URI");
        }
        Map<String, String> q = S3VikingFsProvider.query(uri);
        String endpoint = q.get("endpoint");
        if (endpoint == null) {
            throw new IOException(uri + ": add ?endpoint=http://host:port (the S3 endpoint to audit)");
        }
        String access = S3VikingFsProvider.accessKey();
        String secret = S3VikingFsProvider.secretKey();
        if (access == null || secret == null) {
            throw new IOException(uri + ": no credentials for the endpoint: set VIKINGFS_S3_ACCESS_KEY and"
                    + " VIKINGFS_S3_SECRET_KEY (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)");
        }
        String region = S3VikingFsProvider.region(q);
        String bucket = uri.getHost();
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/+", "");
        String prefix = path.isEmpty() || path.endsWith("/") ? path : path + "/";
        AuditOptions options = base.withUriParameters(q).withMode(AuditOptions.Mode.ALWAYS_AUDIT)
                .withScratchParent(prefix);
        try (MinioObjectClient client = MinioObjectClient.builder().endpoint(URI.create(endpoint)).region(region)
                .credentials(access, secret).bucket(bucket).build();
             MinioAuditProbes probes = MinioAuditProbes.connect(endpoint, access, secret, region, bucket)) {
            err.println("auditing " + client.describe() + " under '" + prefix + "' (about 20-40 s)");
            return StoreAudit.forEndpoint(client, options.withProbes(probes));
        }
    }
}
