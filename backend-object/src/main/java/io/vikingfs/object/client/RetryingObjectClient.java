package io.vikingfs.object.client;

import io.vikingfs.telemetry.Telemetry;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An {@link ObjectClient} that sends each request again, with exponential backoff and jitter, after a failure
 * that may be transient: a 5xx or 429 answer, a 409 conflict, a timeout or a dropped connection. Permanent errors
 * (403, a missing bucket, …) and a 412 on a first attempt pass through at once.
 *
 * <p><b>A 412 after a retry of one's own conditional write.</b> When a conditional {@link #put} failed
 * ambiguously (its answer never arrived) and the retry gets 412, the first attempt may have landed. The object
 * now at the key is then compared with the bytes we sent: by the SHA-256 the store keeps beside it
 * ({@link ObjectMeta#sha256()}: S3's checksum or the backend's metadata, Azure's {@code vfs_sha256}) where the
 * answer carries one, else by ETag (the content's MD5, or the multipart form of it — on stores whose ETags are
 * opaque, as Azure's are, only the SHA-256 can tell): if they match, the write is ours and succeeds; otherwise
 * the 412 stands. (If another writer stored
 * byte-identical content at the same key in between, the two cannot be told apart; the protocols make the bytes
 * of every create-only claim unique so this never matters to them.)
 */
public final class RetryingObjectClient implements ObjectClient {
    private final ObjectClient delegate;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final long partSize;
    /** Where retries are reported: the hub of the store this client serves, once it is opened. */
    private volatile Telemetry retries;

    /**
     * @param maxAttempts    how many times a request is sent at most (≥ 1)
     * @param initialBackoff the wait before the first retry; it doubles (with jitter) up to 2 s
     * @param partSize       the part size of the delegate's multipart uploads (for the multipart ETag form)
     */
    public RetryingObjectClient(ObjectClient delegate, int maxAttempts, Duration initialBackoff, long partSize) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        }
        this.delegate = delegate;
        this.maxAttempts = maxAttempts;
        this.initialBackoff = initialBackoff;
        this.partSize = partSize;
    }

    /**
     * {@code delegate}'s plain requests retried as this class retries them, its append requests sent once each —
     * the log protocol over append objects resolves their failures itself, by reading what landed — so the store
     * stays appendable for {@code ObjectVikingFs}.
     */
    public static AppendableObjectClient keepingAppends(AppendableObjectClient delegate, int maxAttempts,
                                                        Duration initialBackoff, long partSize) {
        return new ForwardingAppendableObjectClient(
                new RetryingObjectClient(delegate, maxAttempts, initialBackoff, partSize), delegate) {
        };
    }

    /** Reports each retry from now on to {@code telemetry} ({@code ObjectVikingFs} calls this when it opens). */
    public void reportRetriesTo(Telemetry telemetry) {
        this.retries = telemetry;
    }

    @FunctionalInterface
    private interface Request<T> {
        T send() throws IOException;
    }

    private <T> T withRetries(String kind, Request<T> request) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return request.send();
            } catch (ObjectPreconditionFailedException | NoSuchFileException | InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                if (!retryable(e) || attempt >= maxAttempts) {
                    throw e;
                }
                pause(kind, attempt, e);
            }
        }
    }

    static boolean retryable(IOException e) {
        return !(e instanceof ObjectStoreException s) || s.retryable();
    }

    private void pause(String kind, int attempt, IOException cause) throws IOException {
        Telemetry t = retries;
        if (t != null) {
            t.listener().objectRetry(kind, ReportingObjectClient.errorKind(cause));
        }
        long base = Math.min(2000, initialBackoff.toMillis() << Math.min(attempt - 1, 16));
        long wait = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
        try {
            Thread.sleep(wait);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            InterruptedIOException iio = new InterruptedIOException("interrupted while waiting to retry after: "
                    + cause.getMessage());
            iio.initCause(cause);
            throw iio;
        }
    }

    @Override
    public Optional<StoredObject> get(String key) throws IOException {
        return withRetries("get", () -> delegate.get(key));
    }

    @Override
    public Optional<ObjectMeta> head(String key) throws IOException {
        return withRetries("head", () -> delegate.head(key));
    }

    @Override
    public ObjectMeta put(String key, byte[] data, PutMode mode) throws IOException {
        boolean ambiguous = false;
        for (int attempt = 1; ; attempt++) {
            try {
                return delegate.put(key, data, mode);
            } catch (ObjectPreconditionFailedException e) {
                if (ambiguous && mode != PutMode.OVERWRITE) {
                    Optional<ObjectMeta> now = head(key);
                    if (now.isPresent() && holds(now.get(), data)) {
                        return now.get(); // our earlier attempt landed; its answer was lost
                    }
                }
                throw e;
            } catch (InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                if (!retryable(e) || attempt >= maxAttempts) {
                    throw e;
                }
                // a 409 means this request changed nothing; anything else may have landed
                ambiguous |= !(e instanceof ObjectConflictException);
                pause("put", attempt, e);
            }
        }
    }

    /**
     * Whether the object {@code meta} describes holds {@code data}: by its stored SHA-256 if the store returned
     * one (an ETag may be opaque), else by its ETag.
     */
    boolean holds(ObjectMeta meta, byte[] data) {
        return meta.sha256() != null ? meta.sha256().equals(BodyChecksum.sha256Hex(data)) : isEtagOf(meta.etag(), data);
    }

    /** Whether {@code etag} is what S3 gives {@code data} stored in one part, or in parts of {@code partSize}. */
    public boolean isEtagOf(String etag, byte[] data) {
        if (etag == null) {
            return false;
        }
        if (etag.equals(InMemoryObjectClient.md5Hex(data))) {
            return true;
        }
        if (data.length <= partSize || !etag.contains("-")) {
            return false;
        }
        try {
            MessageDigest outer = MessageDigest.getInstance("MD5");
            int parts = 0;
            for (long off = 0; off < data.length; off += partSize) {
                MessageDigest inner = MessageDigest.getInstance("MD5");
                inner.update(data, (int) off, (int) Math.min(partSize, data.length - off));
                outer.update(inner.digest());
                parts++;
            }
            return etag.equals(HexFormat.of().formatHex(outer.digest()) + "-" + parts);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every Java platform", e);
        }
    }

    @Override
    public ListPage list(String prefix, String delimiter, String startAfter, int maxKeys) throws IOException {
        return withRetries("list", () -> delegate.list(prefix, delimiter, startAfter, maxKeys));
    }

    @Override
    public ObjectMeta copy(String source, String destination) throws IOException {
        return withRetries("copy", () -> delegate.copy(source, destination));
    }

    @Override
    public void delete(String key) throws IOException {
        withRetries("delete", () -> {
            delegate.delete(key);
            return null;
        });
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
