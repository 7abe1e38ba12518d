package io.vikingfs.cli;


import io.vikingfs.s3.EmbeddedS3;
import io.vikingfs.s3.S3VikingFsProvider;
import io.vikingfs.s3.audit.OpenAudit;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * One in-JVM S3 server (the S3 backend's {@code EmbeddedS3}, an S3Proxy with objects in memory) shared by every
 * store of a {@code conformance} run on {@code s3://…} without an endpoint. Each {@code VikingFs.open} of such a URI
 * would otherwise start a server of its own, and a test that closes and reopens its store would find it empty.
 */
final class SharedS3Server implements AutoCloseable {
    /** The system properties the S3 backend reads its credentials from (never the URI). */
    static final String ACCESS_KEY_PROPERTY = S3VikingFsProvider.ACCESS_KEY_PROPERTY;
    static final String SECRET_KEY_PROPERTY = S3VikingFsProvider.SECRET_KEY_PROPERTY;

    private final EmbeddedS3 server;
    private String previousAccessKey;
    private String previousSecretKey;
    private boolean installed;
    private final URI endpoint;
    private final String accessKey;
    private final String secretKey;

    private SharedS3Server(EmbeddedS3 server, URI endpoint, String accessKey, String secretKey) {
        this.server = server;
        this.endpoint = endpoint;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    /** Starts a server with {@code bucket} created, on 127.0.0.1 and a free port. */
    static SharedS3Server start(String bucket) throws IOException {
        EmbeddedS3 server = EmbeddedS3.startTransient(bucket);
        return new SharedS3Server(server, server.endpoint(), server.accessKey(), server.secretKey());
    }

    /**
     * {@code base} (an {@code s3://bucket/prefix} URI) pointed at this server, gated by the verdict of the identical
     * in-JVM S3Proxy the run has just audited (the embedded open of {@code base}, whose verdict it printed):
     * {@code auditAs=embedded-s3proxy} takes that cached verdict instead of auditing this server again under its
     * random port. The base's audit parameters ({@code audit}, {@code auditCache}, {@code auditAccept}, …) carry
     * over, so the suite's operations are refused, or run in an accepted weaker mode, as a user's would be.
     */
    URI storeUri(URI base) {
        StringBuilder uri = new StringBuilder("s3://").append(base.getAuthority())
                .append(base.getRawPath() == null ? "" : base.getRawPath())
                .append("?endpoint=").append(endpoint).append("&auditAs=").append(OpenAudit.EMBEDDED_AS);
        S3VikingFsProvider.query(base).forEach((k, v) -> {
            if (k.startsWith("audit") && !k.equals("auditAs")) {
                uri.append('&').append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        });
        return URI.create(uri.toString());
    }

    /**
     * Makes this server's credentials the ones the S3 backend uses in this JVM, and returns the same settings as
     * JVM arguments for the suite's child processes. They are random per server, which only listens on 127.0.0.1
     * and lives as long as this run, so passing them on a child's command line exposes nothing lasting.
     */
    String[] installCredentials() {
        previousAccessKey = System.getProperty(ACCESS_KEY_PROPERTY);
        previousSecretKey = System.getProperty(SECRET_KEY_PROPERTY);
        installed = true;
        System.setProperty(ACCESS_KEY_PROPERTY, accessKey);
        System.setProperty(SECRET_KEY_PROPERTY, secretKey);
        return new String[]{"-D" + ACCESS_KEY_PROPERTY + "=" + accessKey, "-D" + SECRET_KEY_PROPERTY + "=" + secretKey};
    }

    /**
     * Stops the server and puts back the credentials this JVM had: left installed, they would make the next
     * {@code s3://} URI without endpoint in this JVM go to AWS with a dead server's keys.
     */
    @Override
    public void close() throws Exception {
        if (installed) {
            restore(ACCESS_KEY_PROPERTY, previousAccessKey);
            restore(SECRET_KEY_PROPERTY, previousSecretKey);
        }
        server.close();
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }
}
