package io.vikingfs.s3;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * An S3 server inside this JVM (S3Proxy) on {@code 127.0.0.1} with a free port, for tests, benchmarks and a
 * first try of the CLI without any store. The {@code transient} blob store keeps objects in memory; the
 * {@code filesystem} one keeps them in a folder, so a restarted server sees them again.
 *
 * <p>S3Proxy honours {@code If-None-Match: *} atomically but checks {@code If-Match} by a separate HEAD before the
 * PUT — racing compare-and-swap writers can both win here. It needs the optional {@code org.gaul:s3proxy}
 * dependency on the class path. Credentials are random per server and stay in this JVM.
 */
public final class EmbeddedS3 implements AutoCloseable {
    public static final String REGION = "us-east-1";

    private final S3Proxy proxy;
    private final URI endpoint;
    private final String bucket;
    private final String accessKey;
    private final String secretKey;

    private EmbeddedS3(S3Proxy proxy, URI endpoint, String bucket, String accessKey, String secretKey) {
        this.proxy = proxy;
        this.endpoint = endpoint;
        this.bucket = bucket;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    /** Starts a server whose objects live in memory, with {@code bucket} created. */
    public static EmbeddedS3 startTransient(String bucket) throws IOException {
        return start(bucket, null);
    }

    /** Starts a server whose objects live under {@code directory} (created if missing), with {@code bucket}. */
    public static EmbeddedS3 startFilesystem(Path directory, String bucket) throws IOException {
        Files.createDirectories(directory);
        return start(bucket, directory);
    }

    private static EmbeddedS3 start(String bucket, Path directory) throws IOException {
        String accessKey = "vfs-" + UUID.randomUUID().toString().substring(0, 8);
        String secretKey = UUID.randomUUID().toString();
        S3Proxy proxy;
        try {
            BlobStore store = directory == null ? new TransientNio2BlobStore()
                    : new FilesystemNio2BlobStore(directory.toAbsolutePath().toString());
            proxy = S3Proxy.builder().blobStore(store).endpoint(URI.create("http://127.0.0.1:0"))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                    .stopTimeout(0) // else each stop waits ~2 s for idle connections
                    .build();
        } catch (NoClassDefFoundError e) {
            throw new IOException("the in-JVM S3 server needs S3Proxy on the class path: add the dependency "
                    + "org.gaul:s3proxy:4.1.0, or give an endpoint (s3://bucket/prefix?endpoint=http://host:port)", e);
        }
        try {
            proxy.start();
            while (!"STARTED".equals(proxy.getState())) {
                Thread.sleep(5);
            }
        } catch (Exception e) {
            throw new IOException("starting the in-JVM S3 server (S3Proxy) on 127.0.0.1 failed: " + e, e);
        }
        EmbeddedS3 s3 = new EmbeddedS3(proxy, URI.create("http://127.0.0.1:" + proxy.getPort()), bucket,
                accessKey, secretKey);
        try (MinioObjectClient client = s3.newClient()) {
            client.createBucketIfMissing();
        } catch (IOException e) {
            s3.close();
            throw e;
        }
        return s3;
    }

    public URI endpoint() {
        return endpoint;
    }

    public String bucket() {
        return bucket;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    /** A client builder already pointed at this server and bucket, with its credentials. */
    public MinioObjectClient.Builder clientBuilder() {
        return MinioObjectClient.builder().endpoint(endpoint).region(REGION).credentials(accessKey, secretKey)
                .bucket(bucket);
    }

    /** A new client of this server's bucket (no retries; wrap it in a RetryingObjectClient for those). */
    public MinioObjectClient newClient() {
        return clientBuilder().build();
    }

    /** Stops the server at once; objects of a transient store are gone, those of a filesystem store stay. */
    @Override
    public void close() throws IOException {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IOException("stopping the in-JVM S3 server at " + endpoint + " failed: " + e, e);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedS3{" + endpoint + ", bucket=" + bucket + "}";
    }
}
