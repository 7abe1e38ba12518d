package io.vikingfs.s3;

import io.vikingfs.object.client.BodyChecksum;
import io.vikingfs.object.client.ListPage;
import io.vikingfs.object.client.ObjectClient;
import io.vikingfs.object.client.ObjectConflictException;
import io.vikingfs.object.client.ObjectMeta;
import io.vikingfs.object.client.ObjectPreconditionFailedException;
import io.vikingfs.object.client.ObjectStoreException;
import io.vikingfs.object.client.PutMode;
import io.vikingfs.object.client.StoredObject;
import io.minio.BucketExistsArgs;
import io.minio.CopyObjectArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsV2Args;
import io.minio.ListObjectsV2Response;
import io.minio.MinioAsyncClient;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.ObjectWriteResponse;
import io.minio.Http;
import io.minio.PutObjectAPIArgs;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.SourceObject;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import io.minio.errors.ServerException;
import io.minio.messages.Item;
import io.minio.messages.ListBucketResultV2;
import io.minio.messages.ListObjectsResult;
import okhttp3.OkHttpClient;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.CheckedInputStream;
import java.util.zip.Checksum;

/**
 * {@link ObjectClient} over minio-java 9 — AWS S3, MinIO, Ceph RGW, S3Proxy and other S3-compatible stores.
 *
 * <p>Each method sends one request (a large {@link #put} is one multipart upload) and never retries: wrap it in
 * {@link RetryingObjectClient} for that. Errors are mapped here, in one place: 404 → empty / success for delete,
 * 412 → {@link ObjectPreconditionFailedException}, 409 → {@link ObjectConflictException}, anything else →
 * {@link ObjectStoreException} (retryable for 5xx, 429, timeouts and dropped connections). ETags are returned
 * without quotes. Credentials are never part of {@link #describe()} or any message.
 *
 * <p>Every PUT stores the body's CRC32C and SHA-256 as user metadata ({@code x-amz-meta-vfs-crc32c},
 * {@code x-amz-meta-vfs-sha256}); with
 * {@link Builder#nativeChecksums} (where the store audit found the store keeps S3's own checksums) a single-part PUT
 * also sends {@code x-amz-checksum-sha256}, which the store checks on upload, and GET/HEAD ask for it back
 * ({@code x-amz-checksum-mode: ENABLED}). {@link ObjectMeta#sha256()} reports the store's own checksum where it
 * returned a full-object one, else the metadata; {@link ObjectMeta#crc32c()} the metadata. Checking them is
 * {@link VerifyingObjectClient}'s job, which goes by the CRC32C where an object has one; to spare it a second pass
 * over the body, every GET sums the body while it streams in with the checksum the response headers say it will
 * be verified with — the CRC32C, else (an object written before the CRC32C was stored) the SHA-256 — and returns
 * it with the bytes ({@link StoredObject#crc32cInTransit()}, {@link StoredObject#sha256InTransit()}).
 *
 * <p>The SHA-256 is still written because readers of earlier versions verify only with it (without it they would
 * fall back to the ETag, which a multipart upload's is not an MD5 of), and because it is what S3's own
 * {@code x-amz-checksum-sha256} carries, which the store checks on upload; it costs a write about 0.6 ms per MiB
 * on the reference machine, small against the PUT itself.
 *
 * <p>{@link #list} is exactly one ListObjectsV2 request: the page is returned as the store sent it, nothing cut
 * off and nothing fetched beyond it, so {@link VerifyingObjectClient} can judge it.
 */
public final class MinioObjectClient implements ObjectClient {
    /** Objects larger than this go up as multipart uploads of parts this large (S3's minimum is 5 MiB). */
    public static final long DEFAULT_PART_SIZE = 16L * 1024 * 1024;

    private static final String META_SHA256 = "x-amz-meta-" + BodyChecksum.METADATA_NAME;
    private static final String META_CRC32C = "x-amz-meta-" + BodyChecksum.CRC32C_METADATA_NAME;
    private static final String NATIVE_SHA256 = "x-amz-checksum-sha256";
    private static final Map<String, String> CHECKSUM_MODE = Map.of("x-amz-checksum-mode", "ENABLED");

    private final MinioClient client;
    private final MinioAsyncClient pages;
    private final String bucket;
    private final String description;
    private final long partSize;
    private final boolean nativeChecksums;
    private final boolean digestInTransit;

    private MinioObjectClient(MinioClient client, MinioAsyncClient pages, String bucket, String description,
                              long partSize, boolean nativeChecksums, boolean digestInTransit) {
        this.client = client;
        this.pages = pages;
        this.bucket = bucket;
        this.description = description;
        this.partSize = partSize;
        this.nativeChecksums = nativeChecksums;
        this.digestInTransit = digestInTransit;
    }

    /**
     * The same connection with S3's own {@code x-amz-checksum-sha256} sent on every single-part PUT and asked for
     * on every GET and HEAD (the metadata checksum is still written). Use it where the store audit found that the
     * store keeps and returns it; closing either client closes both.
     */
    public MinioObjectClient withNativeChecksums() {
        return new MinioObjectClient(client, pages, bucket, description, partSize, true, digestInTransit);
    }

    /**
     * The same connection without the checksum every GET otherwise computes while the body streams in
     * ({@link StoredObject#crc32cInTransit()}, {@link StoredObject#sha256InTransit()}): only to measure what read
     * verification costs against reads that sum nothing ({@code S3Options.withVerifyReads(false)} with this
     * client). A {@link VerifyingObjectClient} over it still checks every body, summing it after it arrived.
     * Closing either client closes both.
     */
    public MinioObjectClient withoutDigestInTransit() {
        return new MinioObjectClient(client, pages, bucket, description, partSize, nativeChecksums, false);
    }

    /** Whether this client sends and asks for S3's own SHA-256 checksums (see {@link #withNativeChecksums()}). */
    public boolean nativeChecksums() {
        return nativeChecksums;
    }

    /** Starts building a client. */
    public static Builder builder() {
        return new Builder();
    }

    /** Settings of a {@link MinioObjectClient}; endpoint and bucket are required. */
    public static final class Builder {
        private URI endpoint;
        private String region = "us-east-1";
        private String accessKey;
        private String secretKey;
        private String bucket;
        private OkHttpClient httpClient;
        private long partSize = DEFAULT_PART_SIZE;

        private Builder() {
        }

        /** {@code http://host:port} or {@code https://host}. */
        public Builder endpoint(URI endpoint) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            return this;
        }

        public Builder region(String region) {
            this.region = Objects.requireNonNull(region, "region");
            return this;
        }

        /** Static credentials; without them requests are anonymous. */
        public Builder credentials(String accessKey, String secretKey) {
            this.accessKey = accessKey;
            this.secretKey = secretKey;
            return this;
        }

        public Builder bucket(String bucket) {
            this.bucket = Objects.requireNonNull(bucket, "bucket");
            return this;
        }

        /**
         * The HTTP client to use (for example one with a fault-injecting interceptor). Replacing it drops
         * minio-java's own retry interceptor, which is what this class wants: retries belong to
         * {@link RetryingObjectClient}, which knows how to resolve an ambiguous conditional write.
         */
        public Builder httpClient(OkHttpClient httpClient) {
            this.httpClient = httpClient;
            return this;
        }

        /** Part size of multipart uploads, and the size above which one is used; at least 5 MiB. */
        public Builder partSize(long partSize) {
            if (partSize < 5L * 1024 * 1024) {
                throw new IllegalArgumentException("S3 parts must be at least 5 MiB, got " + partSize);
            }
            this.partSize = partSize;
            return this;
        }

        public MinioObjectClient build() {
            if (endpoint == null || bucket == null) {
                throw new IllegalArgumentException("a MinioObjectClient needs an endpoint and a bucket (got endpoint="
                        + endpoint + ", bucket=" + bucket + ")");
            }
            OkHttpClient http = httpClient != null ? httpClient : new OkHttpClient.Builder()
                    .connectTimeout(10, TimeUnit.SECONDS)
                    .readTimeout(60, TimeUnit.SECONDS)
                    .writeTimeout(60, TimeUnit.SECONDS)
                    .retryOnConnectionFailure(false)
                    .build();
            MinioClient.Builder b = MinioClient.builder().endpoint(endpoint.toString()).region(region).httpClient(http);
            // the async client sends the one-page ListObjectsV2 the synchronous one only offers as a paging iterator
            MinioAsyncClient.Builder a = MinioAsyncClient.builder().endpoint(endpoint.toString()).region(region)
                    .httpClient(http);
            if (accessKey != null && secretKey != null) {
                b.credentials(accessKey, secretKey);
                a.credentials(accessKey, secretKey);
            }
            return new MinioObjectClient(b.build(), a.build(), bucket, "bucket '" + bucket + "' at " + endpoint,
                    partSize, false, true);
        }
    }

    /** The part size of multipart uploads (also the threshold above which one is used). */
    public long partSize() {
        return partSize;
    }

    /** Creates the bucket unless it exists. */
    public void createBucketIfMissing() throws IOException {
        try {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
        } catch (MinioException | RuntimeException e) {
            ErrorResponseException er = e instanceof ErrorResponseException x ? x : null;
            if (er != null && "BucketAlreadyOwnedByYou".equals(er.errorResponse().code())) {
                return; // created meanwhile by another client: what we wanted
            }
            throw translate("create bucket", bucket, e);
        }
    }

    @Override
    public Optional<StoredObject> get(String key) throws IOException {
        GetObjectArgs.Builder args = GetObjectArgs.builder().bucket(bucket).object(key);
        if (nativeChecksums) {
            args.extraHeaders(CHECKSUM_MODE);
        }
        try (GetObjectResponse r = client.getObject(args.build())) {
            String crc32c = BodyChecksum.parseCrc32c(r.headers().get(META_CRC32C));
            String sha256 = sha256(r.headers());
            // summed as the bytes arrive, while the server is still sending the rest, rather than after: the sum
            // is of exactly the bytes read, so a torn body gets the sum of what was torn. Only the one the body
            // will be verified with, chosen from the headers before the body is read.
            Checksum crc = digestInTransit && crc32c != null ? BodyChecksum.crc32c() : null;
            MessageDigest digest = digestInTransit && crc32c == null && sha256 != null ? BodyChecksum.sha256() : null;
            byte[] data = (crc != null ? new CheckedInputStream(r, crc)
                    : digest != null ? new DigestInputStream(r, digest) : r).readAllBytes();
            String etag = normalise(r.headers().get("ETag"));
            Instant modified = r.headers().getInstant("Last-Modified");
            return Optional.of(new StoredObject(new ObjectMeta(key, etag, data.length, modified, sha256, crc32c),
                    data, digest == null ? null : HexFormat.of().formatHex(digest.digest()),
                    crc == null ? null : BodyChecksum.crc32cHex(crc)));
        } catch (MinioException | RuntimeException | IOException e) {
            if (isNotFound(e)) {
                return Optional.empty();
            }
            throw translate("GET", key, e);
        }
    }

    @Override
    public Optional<ObjectMeta> head(String key) throws IOException {
        try {
            StatObjectArgs.Builder args = StatObjectArgs.builder().bucket(bucket).object(key);
            if (nativeChecksums) {
                args.extraHeaders(CHECKSUM_MODE);
            }
            StatObjectResponse s = client.statObject(args.build());
            return Optional.of(new ObjectMeta(key, normalise(s.etag()), s.size(), instant(s.lastModified()),
                    sha256(s.headers()), BodyChecksum.parseCrc32c(s.headers().get(META_CRC32C))));
        } catch (MinioException | RuntimeException e) {
            if (isNotFound(e)) {
                return Optional.empty();
            }
            throw translate("HEAD", key, e);
        }
    }

    @Override
    public ObjectMeta put(String key, byte[] data, PutMode mode) throws IOException {
        // extraHeaders go on every request of a multipart upload, so the condition reaches the completing
        // request, where S3 checks it; `headers` would reach only the first one.
        Map<String, String> condition = mode == PutMode.CREATE ? Map.of("If-None-Match", "*")
                : mode instanceof PutMode.Update u ? Map.of("If-Match", "\"" + u.etag() + "\"") : Map.of();
        String sha256 = BodyChecksum.sha256Hex(data);
        String crc32c = BodyChecksum.crc32cHex(data);
        try {
            ObjectWriteResponse r;
            if (nativeChecksums && data.length <= partSize) {
                // One PutObject with exactly one checksum header: minio-java's putObject would add its own CRC32C
                // (a store refuses two) and cannot send SHA-256. Single part only: a multipart upload's checksum is
                // one of part checksums, not of the body.
                Http.Headers headers = new Http.Headers(condition);
                headers.put(NATIVE_SHA256, BodyChecksum.hexToBase64(sha256));
                headers.put(META_SHA256, sha256);
                headers.put(META_CRC32C, crc32c);
                r = pages.putObject(PutObjectAPIArgs.builder().bucket(bucket).object(key).data(data, data.length)
                        .headers(headers).build()).get();
            } else {
                // user metadata goes on the first request of a multipart upload, where S3 takes it
                r = client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                        .stream(new ByteArrayInputStream(data), (long) data.length, partSize)
                        .userMetadata(Map.of(BodyChecksum.METADATA_NAME, sha256,
                                BodyChecksum.CRC32C_METADATA_NAME, crc32c))
                        .extraHeaders(condition).build());
            }
            return new ObjectMeta(key, normalise(r.etag()), data.length, Instant.now(), sha256, crc32c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("PUT " + key + " on " + description + " interrupted");
        } catch (MinioException | RuntimeException | java.util.concurrent.ExecutionException e) {
            Throwable c = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
            if (mode instanceof PutMode.Update && isNotFound(c)) {
                // AWS and S3Proxy answer If-Match on a missing key with 404 NoSuchKey: the condition failed
                throw new ObjectPreconditionFailedException(key, "If-Match but no object exists (" + description + ")");
            }
            throw translate("PUT (" + mode + ")", key, c);
        }
    }

    @Override
    public ListPage list(String prefix, String delimiter, String startAfter, int maxKeys) throws IOException {
        ListObjectsV2Args.Builder args = ListObjectsV2Args.builder().bucket(bucket).prefix(prefix).maxKeys(maxKeys);
        if (delimiter != null) {
            args.delimiter(delimiter);
        }
        if (startAfter != null) {
            args.startAfter(startAfter);
        }
        try {
            ListObjectsV2Response r = pages.listObjectsV2(args.build()).get();
            ListBucketResultV2 result = r.result();
            List<ObjectMeta> objects = new ArrayList<>();
            for (Item item : result.contents()) {
                objects.add(new ObjectMeta(item.objectName(), normalise(item.etag()), item.size(),
                        instant(item.lastModified())));
            }
            List<String> prefixes = new ArrayList<>();
            for (ListObjectsResult.Prefix p : result.commonPrefixes()) {
                prefixes.add(p.toItem().objectName());
            }
            // every entry of the page, as sent: a store that breaks max-keys or repeats prefixes is judged above
            return new ListPage(objects, prefixes, result.isTruncated());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("LIST " + prefix + " on " + description + " interrupted");
        } catch (RuntimeException | java.util.concurrent.ExecutionException e) {
            throw translate("LIST", prefix, e);
        }
    }

    @Override
    public ObjectMeta copy(String source, String destination) throws IOException {
        try {
            ObjectWriteResponse r = client.copyObject(CopyObjectArgs.builder().bucket(bucket).object(destination)
                    .source(SourceObject.builder().bucket(bucket).object(source).build()).build());
            // one request: CopyObject does not report the size, and a HEAD here would make the copy two requests
            return new ObjectMeta(destination, normalise(r.etag()), -1, Instant.now());
        } catch (MinioException | RuntimeException e) {
            if (isNotFound(e)) {
                throw new NoSuchFileException(source, destination, "copy source does not exist in " + description);
            }
            throw translate("COPY to " + destination + " from", source, e);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        try {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
        } catch (MinioException | RuntimeException e) {
            if (!isNotFound(e)) {
                throw translate("DELETE", key, e);
            }
        }
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() throws IOException {
        try {
            client.close();
            pages.close();
        } catch (Exception e) {
            throw new IOException("closing the S3 client of " + description + " failed", e);
        }
    }

    /** ETags arrive quoted from some calls and bare from others. */
    static String normalise(String etag) {
        if (etag == null) {
            return null;
        }
        String e = etag.startsWith("W/") ? etag.substring(2) : etag;
        return e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"") ? e.substring(1, e.length() - 1) : e;
    }

    /** The store's own full-object SHA-256 where it returned one, else the one the backend stored as metadata. */
    private static String sha256(okhttp3.Headers headers) {
        String own = BodyChecksum.base64ToHex(headers.get(NATIVE_SHA256));
        if (own != null) {
            return own;
        }
        String meta = headers.get(META_SHA256);
        return meta == null || meta.isBlank() ? null : meta.trim().toLowerCase(java.util.Locale.ROOT);
    }

    private static Instant instant(ZonedDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private static int status(Throwable e) {
        if (e instanceof ErrorResponseException er && er.response() != null) {
            return er.response().code();
        }
        if (e instanceof ServerException se) {
            return se.statusCode();
        }
        return 0;
    }

    private static boolean isNotFound(Throwable e) {
        if (e instanceof ErrorResponseException er) {
            String code = er.errorResponse() == null ? "" : er.errorResponse().code();
            return status(e) == 404 && !"NoSuchBucket".equals(code);
        }
        return false;
    }

    /** Maps one failure of one request to the SPI's exceptions; the one place where S3 errors are read. */
    private IOException translate(String op, String key, Throwable e) {
        // minio-java reports transport failures as an unchecked exception around the IOException
        Throwable cause = e;
        while ((cause instanceof IllegalStateException || cause instanceof java.util.concurrent.CompletionException
                || cause instanceof java.util.concurrent.ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof MinioException me && !(me instanceof ErrorResponseException)
                && !(me instanceof ServerException) && me.getCause() instanceof IOException) {
            cause = me.getCause();
        }
        int status = status(cause);
        String code = cause instanceof ErrorResponseException er && er.errorResponse() != null
                ? er.errorResponse().code() : null;
        String where = op + " " + key + " on " + description;
        if (status == 412) {
            return new ObjectPreconditionFailedException(key, op + " on " + description);
        }
        if (status == 409) {
            return new ObjectConflictException(key, op + " on " + description + (code == null ? "" : ": " + code));
        }
        if (cause instanceof InterruptedIOException && Thread.currentThread().isInterrupted()) {
            return (InterruptedIOException) cause;
        }
        if (status == 0 && cause instanceof IOException io) {
            return new ObjectStoreException(where + " failed in transport (" + io
                    + "); it may or may not have taken effect — retry", 0, true, io);
        }
        boolean retryable = status >= 500 || status == 429 || status == 408
                || "SlowDown".equals(code) || "RequestTimeout".equals(code) || "InternalError".equals(code);
        String what = status > 0 ? "HTTP " + status + (code == null ? "" : " " + code) : String.valueOf(cause);
        String todo = retryable ? "the store is unavailable or overloaded; retry later"
                : status == 403 ? "check the credentials (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or VIKINGFS_S3_*) and the bucket policy"
                : "NoSuchBucket".equals(code) ? "create the bucket or fix its name"
                : "check the endpoint, region and bucket";
        return new ObjectStoreException(where + " failed: " + what + " — " + todo, status, retryable, cause);
    }
}
