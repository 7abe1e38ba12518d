package io.vikingfs.s3.audit;

import io.vikingfs.object.audit.AuditOptions;
import io.vikingfs.object.audit.GuaranteeGate;
import io.vikingfs.object.audit.StoreAudit;
import io.vikingfs.object.client.ObjectClient;

import java.io.IOException;
import java.util.Map;

/**
 * What the {@code s3} provider does when it opens a store: read the audit's settings from the store URI (before it
 * starts or contacts anything, so a bad parameter fails early), then get the endpoint's verdict — from the dated
 * cache, a fresh audit under the store's prefix, or the user's word ({@code audit=off}) — and wrap it in the gate
 * {@code ObjectVikingFs} consults:
 *
 * <pre>{@code
 * AuditOptions audit = OpenAudit.options(query, prefix, embedded);
 * ...
 * GuaranteeGate gate = OpenAudit.gate(client, audit, endpointUrl, region, accessKey, secretKey, bucket);
 * return ObjectVikingFs.open(client, prefix, ObjectStoreOptions.DEFAULT, ifMatchAtomic, gate, reported, toStop);
 * }</pre>
 *
 * The URI parameters it reads are those of {@link AuditOptions#withUriParameters}: {@code audit},
 * {@code auditCache}, {@code auditMaxAge}, {@code auditAccept}.
 */
public final class OpenAudit {
    /** The {@link AuditOptions#withEndpointId endpoint id} of the in-JVM S3Proxy ({@code EmbeddedS3}), whatever its port. */
    public static final String EMBEDDED_S3PROXY = "in-JVM S3Proxy 4.1.0 (EmbeddedS3, transient blob store)";

    private OpenAudit() {
    }

    /**
     * The audit settings of a store URI.
     *
     * @param query    the store URI's query parameters
     * @param prefix   the store's key prefix (the audit's scratch prefix goes under it)
     * @param embedded whether the endpoint is an in-JVM S3Proxy started for this store: its verdict is cached under
     *                 {@link #EMBEDDED_S3PROXY}, not under its random port
     * @throws IllegalArgumentException if an audit parameter has a bad value (the message names it)
     */
    public static AuditOptions options(Map<String, String> query, String prefix, boolean embedded) {
        AuditOptions options = AuditOptions.defaults().withUriParameters(query).withScratchParent(prefix == null ? "" : prefix);
        // auditAs=embedded-s3proxy: an in-JVM S3Proxy given by its URL (the CLI's shared conformance server) takes
        // the verdict of the embedded one, cached a moment before, instead of a new audit under a random port
        boolean sameAsEmbedded = embedded || EMBEDDED_AS.equals(query.get("auditAs"));
        return sameAsEmbedded ? options.withEndpointId(EMBEDDED_S3PROXY) : options;
    }

    /** The value of {@code auditAs} that files an endpoint's verdict under {@link #EMBEDDED_S3PROXY}. */
    public static final String EMBEDDED_AS = "embedded-s3proxy";

    /**
     * @param client   the client the store will use
     * @param options  from {@link #options}
     * @param endpoint the S3 endpoint URL, for the extra probes (held-open PUTs, conditional multipart, copy,
     *                 delete, append header)
     * @throws IOException if the audit fails or its verdict cannot be cached (the message says how to skip either)
     */
    public static GuaranteeGate gate(ObjectClient client, AuditOptions options, String endpoint, String region,
                                     String accessKey, String secretKey, String bucket) throws IOException {
        if (options.mode() == AuditOptions.Mode.TRUST_STORE) {
            return GuaranteeGate.of(StoreAudit.forEndpoint(client, options), options);
        }
        try (MinioAuditProbes probes = MinioAuditProbes.connect(endpoint, accessKey, secretKey, region, bucket)) {
            return GuaranteeGate.of(StoreAudit.forEndpoint(client, options.withProbes(probes)), options);
        }
    }
}
