package io.vikingfs.s3.audit;

import io.vikingfs.object.audit.AuditProbes;
import io.vikingfs.object.audit.FeatureRefusedException;
import io.minio.AbortMultipartUploadArgs;
import io.minio.CompleteMultipartUploadArgs;
import io.minio.CopyObjectArgs;
import io.minio.CreateMultipartUploadArgs;
import io.minio.GenericUploadResponse;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.Http;
import io.minio.MinioAsyncClient;
import io.minio.PutObjectAPIArgs;
import io.minio.RemoveObjectArgs;
import io.minio.SourceObject;
import io.minio.UploadPartArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import io.minio.errors.ServerException;
import io.minio.messages.Part;
import io.vikingfs.object.client.ObjectConflictException;
import io.vikingfs.object.client.ObjectMeta;
import io.vikingfs.object.client.ObjectPreconditionFailedException;
import io.vikingfs.object.client.PutMode;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link AuditProbes} over minio-java's low-level S3 calls, on its own client so the backend's client is left as
 * configured. Maps 412 to {@link ObjectPreconditionFailedException}, 409 to {@link ObjectConflictException}, 501
 * and other error answers to {@link FeatureRefusedException}.
 */
public final class MinioAuditProbes implements AuditProbes, Closeable {
    private static final Pattern ERROR_CODE = Pattern.compile("<Code>([^<]*)</Code>");

    private final MinioAsyncClient s3;
    private final String bucket;

    private MinioAuditProbes(MinioAsyncClient s3, String bucket) {
        this.s3 = Objects.requireNonNull(s3, "client");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
    }

    /** Probes through a new client for {@code endpoint} (e.g. {@code http://127.0.0.1:9000}); closed by {@link #close()}. */
    public static MinioAuditProbes connect(String endpoint, String accessKey, String secretKey, String region, String bucket) {
        MinioAsyncClient.Builder b = MinioAsyncClient.builder().endpoint(endpoint).credentials(accessKey, secretKey);
        if (region != null && !region.isEmpty()) {
            b.region(region);
        }
        return new MinioAuditProbes(b.build(), bucket);
    }

    @Override
    public ObjectMeta multipartPut(String key, List<byte[]> parts, PutMode mode) throws IOException {
        String uploadId = call(key, s3.createMultipartUpload(CreateMultipartUploadArgs.builder().bucket(bucket).object(key)
                .build())).result().uploadId();
        boolean completed = false;
        try {
            List<Part> done = new ArrayList<>();
            long size = 0;
            for (int i = 0; i < parts.size(); i++) {
                byte[] data = parts.get(i);
                size += data.length;
                Part p = call(key, s3.uploadPart(UploadPartArgs.builder().bucket(bucket).object(key).uploadId(uploadId)
                        .partNumber(i + 1).data(data, data.length).build())).part();
                done.add(new Part(i + 1, p.etag()));
            }
            GenericUploadResponse r = call(key, s3.completeMultipartUpload(CompleteMultipartUploadArgs.builder()
                    .bucket(bucket).object(key).uploadId(uploadId).parts(done.toArray(new Part[0]))
                    .extraHeaders(conditionHeaders(mode)).build()));
            completed = true;
            return meta(key, r, size);
        } finally {
            if (!completed) {
                // An uncompleted upload is invisible but billed and kept: abort it so the audit leaves nothing.
                call(key, s3.abortMultipartUpload(AbortMultipartUploadArgs.builder().bucket(bucket).object(key)
                        .uploadId(uploadId).build()));
            }
        }
    }

    @Override
    public void deleteIfMatch(String key, String etag) throws IOException {
        call(key, s3.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key)
                .extraHeaders(Map.of("If-Match", quoted(etag))).build()));
    }

    @Override
    public ObjectMeta copyIfAbsent(String source, String destination) throws IOException {
        GenericUploadResponse r = call(destination, s3.copyObject(CopyObjectArgs.builder().bucket(bucket).object(destination)
                .source(SourceObject.builder().bucket(bucket).object(source).build())
                .extraHeaders(Map.of("If-None-Match", "*")).build()));
        return meta(destination, r, -1);
    }

    @Override
    public ObjectMeta putAtWriteOffset(String key, byte[] data, long offset) throws IOException {
        GenericUploadResponse r = call(key, s3.putObject(PutObjectAPIArgs.builder().bucket(bucket).object(key)
                .data(data, data.length).headers(new Http.Headers("x-amz-write-offset-bytes", Long.toString(offset)))
                .build()));
        return meta(key, r, data.length);
    }

    /**
     * Sent on a presigned URL with {@link HttpURLConnection} in fixed-length streaming mode: minio-java hashes a
     * body before sending it, so it cannot hold a request open mid-body.
     */
    @Override
    public ObjectMeta putHeldOpen(String key, byte[] data, PutMode mode, java.time.Duration hold,
                                  WhilePaused whilePaused) throws IOException {
        String url;
        try {
            url = s3.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(Http.Method.PUT).bucket(bucket)
                    .object(key).expiry(5, TimeUnit.MINUTES).build());
        } catch (MinioException e) {
            throw new IOException(key + ": could not presign a PUT for the held-open probe: " + e.getMessage(), e);
        }
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        try {
            c.setRequestMethod("PUT");
            c.setDoOutput(true);
            c.setFixedLengthStreamingMode(data.length);
            conditionHeaders(mode).forEach(c::setRequestProperty);
            int half = data.length / 2;
            try (OutputStream out = c.getOutputStream()) {
                out.write(data, 0, half);
                out.flush();
                sleep(key, hold);
                whilePaused.run();
                out.write(data, half, data.length - half);
            }
            int status = c.getResponseCode();
            if (status / 100 == 2) {
                String etag = c.getHeaderField("ETag");
                return new ObjectMeta(key, etag == null ? "" : etag.replace("\"", ""), data.length, Instant.now());
            }
            String body;
            try (InputStream err = c.getErrorStream()) {
                body = err == null ? "" : new String(err.readAllBytes(), StandardCharsets.UTF_8);
            }
            Matcher m = ERROR_CODE.matcher(body);
            throw byStatus(key, status, m.find() ? m.group(1) : "", null);
        } finally {
            c.disconnect();
        }
    }

    @Override
    public java.util.Optional<String> putWithChecksum(String key, byte[] data, String sha256Base64) throws IOException {
        call(key, s3.putObject(PutObjectAPIArgs.builder().bucket(bucket).object(key).data(data, data.length)
                .headers(new Http.Headers("x-amz-checksum-sha256", sha256Base64)).build()));
        io.minio.StatObjectResponse r = call(key, s3.statObject(io.minio.StatObjectArgs.builder().bucket(bucket)
                .object(key).extraHeaders(Map.of("x-amz-checksum-mode", "ENABLED")).build()));
        return java.util.Optional.ofNullable(r.headers().get("x-amz-checksum-sha256"));
    }

    private static void sleep(String key, java.time.Duration hold) throws InterruptedIOException {
        try {
            Thread.sleep(hold.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(key + ": interrupted");
        }
    }

    @Override
    public void close() {
        s3.close();
    }

    private static Map<String, String> conditionHeaders(PutMode mode) {
        if (mode == PutMode.CREATE) {
            return Map.of("If-None-Match", "*");
        }
        if (mode instanceof PutMode.Update u) {
            return Map.of("If-Match", quoted(u.etag()));
        }
        return Map.of();
    }

    private static String quoted(String etag) {
        return etag.startsWith("\"") ? etag : "\"" + etag + "\"";
    }

    private static ObjectMeta meta(String key, GenericUploadResponse r, long size) {
        String etag = r.etag() == null ? "" : r.etag().replace("\"", "");
        return new ObjectMeta(key, etag, size, r.lastModified() == null ? Instant.now() : r.lastModified().toInstant());
    }

    /** Waits for one request and translates its failure into the audit's exceptions. */
    private static <T> T call(String key, CompletableFuture<T> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(key + ": interrupted");
        } catch (ExecutionException | CompletionException | CancellationException e) {
            throw translate(key, e.getCause() == null ? e : e.getCause());
        }
    }

    static IOException translate(String key, Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        if (c instanceof ErrorResponseException e) {
            int status = e.response() == null ? 0 : e.response().code();
            String code = e.errorResponse() == null ? "" : e.errorResponse().code();
            return byStatus(key, status, code, e);
        }
        if (c instanceof ServerException e) {
            return byStatus(key, e.statusCode(), e.getMessage(), e);
        }
        if (c instanceof IllegalStateException && c.getCause() instanceof IOException io) {
            return new IOException(key + ": request failed: " + io.getMessage(), io);
        }
        if (c instanceof IOException io) {
            return io;
        }
        return new IOException(key + ": request failed: " + c, c);
    }

    private static IOException byStatus(String key, int status, String code, Exception cause) {
        IOException out;
        if (status == 412 || "PreconditionFailed".equals(code)) {
            out = new ObjectPreconditionFailedException(key, "HTTP " + status + " " + code);
        } else if (status == 409) {
            out = new ObjectConflictException(key, "HTTP 409 " + code);
        } else if (status >= 400) {
            out = new FeatureRefusedException(key, status, code);
        } else {
            out = new IOException(key + ": unexpected answer HTTP " + status + " " + code);
        }
        if (cause != null) {
            out.initCause(cause);
        }
        return out;
    }
}
