package io.vikingfs.cli;

import io.vikingfs.s3.EmbeddedS3;
import io.vikingfs.s3.S3VikingFsProvider;

import java.io.IOException;
import java.net.URI;

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
     * {@code base} (an {@code s3://bucket/prefix} URI) pointed at this server, with {@code audit=off}: the run has
     * just audited an identical in-JVM S3Proxy (the embedded open of {@code base}) and printed its verdict; auditing
     * this one again, under its random port, would take as long and only fill the audit cache.
     */
    URI storeUri(URI base) {
        return URI.create("s3://" + base.getAuthority() + (base.getRawPath() == null ? "" : base.getRawPath())
                + "?endpoint=" + endpoint + "&audit=off");
    }

    /**
     * Makes this server's credentials the ones the S3 backend uses in this JVM, and returns the same settings as
     * JVM arguments for the suite's child processes. They are random per server, which only listens on 127.0.0.1
     * and lives as long as this run, so passing them on a child's command line exposes nothing lasting.
     */
    String[] installCredentials() {
        System.setProperty(ACCESS_KEY_PROPERTY, accessKey);
        System.setProperty(SECRET_KEY_PROPERTY, secretKey);
        return new String[]{"-D" + ACCESS_KEY_PROPERTY + "=" + accessKey, "-D" + SECRET_KEY_PROPERTY + "=" + secretKey};
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
