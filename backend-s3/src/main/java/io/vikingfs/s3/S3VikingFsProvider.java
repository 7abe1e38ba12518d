package io.vikingfs.s3;

import io.vikingfs.object.ObjectStoreOptions;
import io.vikingfs.object.ObjectVikingFs;
import io.vikingfs.VikingFs;
import io.vikingfs.VikingFsException;
import io.vikingfs.object.audit.AuditOptions;
import io.vikingfs.object.audit.GuaranteeGate;
import io.vikingfs.object.audit.Outcome;
import io.vikingfs.object.audit.Primitive;
import io.vikingfs.s3.audit.OpenAudit;
import io.vikingfs.object.client.ObjectClient;
import io.vikingfs.object.client.RetryingObjectClient;
import io.vikingfs.spi.VikingFsProvider;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code s3} scheme: {@code s3://bucket/prefix?endpoint=http://host:port&region=us-east-1}.
 *
 * <ul>
 *   <li>{@code endpoint}: the S3 endpoint; without it, AWS ({@code https://s3.<region>.amazonaws.com}) if
 *       credentials are set, else an in-JVM S3Proxy started for this store (also {@code endpoint=embedded}),
 *       so a first try works with nothing installed. The embedded server stops when the store is closed.</li>
 *   <li>{@code region}: default {@code VIKINGFS_S3_REGION}, {@code AWS_REGION}, else {@code us-east-1}.</li>
 *   <li>{@code ifMatch=atomic}: declare that the store checks {@code If-Match} atomically (AWS S3, MinIO), which
 *       adds {@code ATOMIC_CONDITIONAL_WRITE}; default for AWS endpoints only. The store audit has the last word.</li>
 *   <li>The store audit ({@link io.vikingfs.object.audit.StoreAudit}): before the store is returned, the endpoint's
 *       verdict is loaded from the dated cache or measured (about 15 s, once per endpoint and
 *       {@code auditMaxAge}); operations whose guarantee the store cannot keep are refused, naming its defect.
 *       {@code audit=auto|always|off}, {@code auditCache=<dir>|none}, {@code auditMaxAge=P7D},
 *       {@code auditAccept=ATOMIC_WRITE_IF_MATCH,…} (accept a guarantee's weaker mode) — see
 *       {@link io.vikingfs.object.audit.AuditOptions#withUriParameters}.</li>
 * </ul>
 * Credentials never go in the URI: they come from the system properties {@code vikingfs.s3.access-key} and
 * {@code vikingfs.s3.secret-key}, else the environment ({@code VIKINGFS_S3_ACCESS_KEY}/{@code
 * VIKINGFS_S3_SECRET_KEY}, else {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}). They are never logged
 * and never part of {@link VikingFs#uri()}.
 */
public final class S3VikingFsProvider implements VikingFsProvider {
    public static final String ACCESS_KEY_PROPERTY = "vikingfs.s3.access-key";
    public static final String SECRET_KEY_PROPERTY = "vikingfs.s3.secret-key";
    /** Query parameters that configure the store, kept in {@link VikingFs#uri()} so reopening it opens the same. */
    private static final List<String> KEPT_PARAMETERS = List.of("ifMatch", "audit", "auditCache", "auditMaxAge",
            "auditAccept", "auditAs");

    @Override
    public String scheme() {
        return "s3";
    }

    @Override
    public VikingFs open(URI uri) throws IOException {
        String bucket = uri.getHost() != null ? uri.getHost() : uri.getAuthority();
        if (bucket == null || bucket.isEmpty()) {
            throw new VikingFsException(uri.getScheme() + "://", "an s3 URI names a bucket: "
                    + "s3://bucket/prefix?endpoint=http://host:port&region=us-east-1");
        }
        String prefix = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        Map<String, String> query = query(uri);
        String region = region(query);
        String accessKey = accessKey();
        String secretKey = secretKey();
        String endpoint = query.get("endpoint");
        boolean embedded = "embedded".equals(endpoint) || endpoint == null && (accessKey == null || secretKey == null);
        AuditOptions audit;
        try {
            audit = OpenAudit.options(query, prefix, embedded); // bad input fails before a server or client exists
        } catch (IllegalArgumentException e) {
            throw new VikingFsException(uri.toString(), e.getMessage() + "; nothing was opened");
        }
        EmbeddedS3 server = null;
        MinioObjectClient client;
        URI endpointUri;
        if (embedded) {
            server = EmbeddedS3.startTransient(bucket);
            client = server.newClient();
            endpointUri = server.endpoint();
            accessKey = server.accessKey();
            secretKey = server.secretKey();
            endpoint = "embedded";
        } else {
            endpointUri = URI.create(endpoint != null ? endpoint : "https://s3." + region + ".amazonaws.com");
            client = MinioObjectClient.builder().endpoint(endpointUri).region(region).credentials(accessKey, secretKey)
                    .bucket(bucket).build();
        }
        boolean ifMatchAtomic = "atomic".equals(query.get("ifMatch"))
                || endpoint == null || endpointUri.getHost().toLowerCase(Locale.ROOT).endsWith("amazonaws.com");
        StringBuilder reported = new StringBuilder("s3://").append(bucket).append('/').append(prefix)
                .append("?endpoint=").append(URLEncoder.encode(endpoint == null ? endpointUri.toString() : endpoint,
                        StandardCharsets.UTF_8))
                .append("&region=").append(URLEncoder.encode(region, StandardCharsets.UTF_8));
        for (String k : KEPT_PARAMETERS) {
            if (query.containsKey(k)) {
                reported.append('&').append(k).append('=').append(URLEncoder.encode(query.get(k), StandardCharsets.UTF_8));
            }
        }
        EmbeddedS3 toStop = server;
        RetryingObjectClient retrying = retrying(client);
        try {
            GuaranteeGate gate = OpenAudit.gate(retrying, audit, endpointUri.toString(), region, accessKey, secretKey,
                    bucket);
            // where the store keeps S3's own SHA-256, send it too: the store then checks every upload's body
            boolean nativeChecksums = gate.verdict().measurement(Primitive.NATIVE_CHECKSUM)
                    .map(m -> m.outcome() == Outcome.OK).orElse(false);
            ObjectClient used = nativeChecksums ? retrying(client.withNativeChecksums()) : retrying;
            return ObjectVikingFs.open(used, prefix, ObjectStoreOptions.DEFAULT, ifMatchAtomic, gate,
                    URI.create(reported.toString()), toStop);
        } catch (IOException | RuntimeException e) {
            client.close();
            if (toStop != null) {
                toStop.close();
            }
            throw e;
        }
    }

    /** The region a store URI's query names, else {@code VIKINGFS_S3_REGION}, {@code AWS_REGION}, {@code us-east-1}. */
    public static String region(Map<String, String> query) {
        return first(query.get("region"), env("VIKINGFS_S3_REGION"), env("AWS_REGION"), "us-east-1");
    }

    /**
     * The access key, from the system property {@value #ACCESS_KEY_PROPERTY}, else {@code VIKINGFS_S3_ACCESS_KEY},
     * else {@code AWS_ACCESS_KEY_ID}; {@code null} if none. Everything that talks to a store by URI (the provider,
     * the audit) finds credentials here, in this one order.
     */
    public static String accessKey() {
        return first(System.getProperty(ACCESS_KEY_PROPERTY), env("VIKINGFS_S3_ACCESS_KEY"), env("AWS_ACCESS_KEY_ID"));
    }

    /** The secret key, found as {@link #accessKey()} is (its {@code SECRET} counterparts); {@code null} if none. */
    public static String secretKey() {
        return first(System.getProperty(SECRET_KEY_PROPERTY), env("VIKINGFS_S3_SECRET_KEY"),
                env("AWS_SECRET_ACCESS_KEY"));
    }

    /** A store URI's query parameters, decoded, in order. */
    public static Map<String, String> query(URI uri) {
        return VikingFsProvider.queryParameters(uri);
    }

    private static String env(String name) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? null : v;
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return null;
    }

    /** Six attempts from a 50 ms backoff; multipart ETags checked against minio's part size. */
    private static RetryingObjectClient retrying(ObjectClient client) {
        return new RetryingObjectClient(client, 6, java.time.Duration.ofMillis(50), MinioObjectClient.DEFAULT_PART_SIZE);
    }
}
