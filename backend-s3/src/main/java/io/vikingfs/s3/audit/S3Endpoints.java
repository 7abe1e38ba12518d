package io.vikingfs.s3.audit;

import io.vikingfs.s3.object.MinioObjectClient;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Audits the endpoint an {@code s3://bucket/prefix?endpoint=http://host:port[&region=…]} URI names, with the
 * credentials of the environment ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}), under the URI's
 * prefix.
 */
final class S3Endpoints {
    private S3Endpoints() {
    }

    static AuditVerdict audit(URI uri, PrintStream err) throws IOException {
        if (!"s3".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new IOException(uri + ": the audit needs an s3://bucket/prefix?endpoint=http://host:port URI");
        }
        Map<String, String> q = query(uri);
        String endpoint = q.get("endpoint");
        if (endpoint == null) {
            throw new IOException(uri + ": add ?endpoint=http://host:port (the S3 endpoint to audit)");
        }
        String access = System.getenv("AWS_ACCESS_KEY_ID");
        String secret = System.getenv("AWS_SECRET_ACCESS_KEY");
        if (access == null || secret == null) {
            throw new IOException(uri + ": set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY for the endpoint");
        }
        String region = q.getOrDefault("region", "us-east-1");
        String bucket = uri.getHost();
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/+", "");
        String prefix = path.isEmpty() || path.endsWith("/") ? path : path + "/";
        AuditOptions options = AuditOptions.defaults().withUriParameters(q).withMode(AuditOptions.Mode.ALWAYS_AUDIT)
                .withScratchParent(prefix);
        try (MinioObjectClient client = MinioObjectClient.builder().endpoint(URI.create(endpoint)).region(region)
                .credentials(access, secret).bucket(bucket).build();
             MinioAuditProbes probes = MinioAuditProbes.connect(endpoint, access, secret, region, bucket)) {
            err.println("auditing " + client.describe() + " under '" + prefix + "' (about 20-40 s)");
            return StoreAudit.forEndpoint(client, options.withProbes(probes));
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> q = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null) {
            return q;
        }
        for (String kv : raw.split("&")) {
            int eq = kv.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
            q.put(k, eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return q;
    }
}
