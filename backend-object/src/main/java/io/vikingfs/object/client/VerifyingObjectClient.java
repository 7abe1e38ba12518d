package io.vikingfs.object.client;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Optional;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Checks every body a GET returns before anyone sees it: against the CRC32C stored with the object
 * ({@link ObjectMeta#crc32c()}); else, for an object written before the backend stored one, against its SHA-256
 * ({@link ObjectMeta#sha256()}); else — for an object another tool wrote — against its ETag where that is a
 * single-part MD5 (32 hex digits). The CRC32C is there to catch what stores were seen to serve — torn, empty or
 * mixed bodies — not forgery: a damaged body passes it with probability 2<sup>-32</sup> (see {@link BodyChecksum}). A body that matches neither is fetched again (a store serving an object while
 * it is overwritten can return torn or empty bodies for a moment); after {@link #ATTEMPTS} mismatches the read
 * fails with {@link CorruptObjectException}. Bodies with neither checksum (another tool's multipart upload) are
 * returned as they are and counted in {@link #unverifiedReads()}.
 *
 * <p>The body's checksum is the one the client computed while the body streamed in
 * ({@link StoredObject#crc32cInTransit()}, {@link StoredObject#sha256InTransit()}, {@code MinioObjectClient}) where
 * it did, so the check costs no second pass over the bytes; otherwise the body is summed here.
 *
 * <p>The backend's objects always carry a CRC32C (and a SHA-256), so every file, record segment and generation marker it reads
 * is verified.
 *
 * <p>Every listing page is checked too ({@link #list}): a page that could make a reader drop or repeat entries
 * is refused with {@link BrokenListingException}, never passed on. Other requests pass through.
 */
public final class VerifyingObjectClient extends ForwardingObjectClient {
    private static final Logger LOG = LoggerFactory.getLogger(VerifyingObjectClient.class);
    /**
     * GETs of one object before a mismatch is final. A store seen in the field tore 8 of 45 reads racing
     * overwrites: eight in a row happen about once in a million reads of an object overwritten all the time.
     */
    public static final int ATTEMPTS = 8;
    private static final long FIRST_BACKOFF_MILLIS = 10;
    private static final long MAX_BACKOFF_MILLIS = 160;

    private final AtomicLong unverified = new AtomicLong();
    private final AtomicLong mismatches = new AtomicLong();

    private final boolean checkBodies;

    /** Checks bodies and listing pages. */
    public VerifyingObjectClient(ObjectClient delegate) {
        this(delegate, true);
    }

    /**
     * @param checkBodies {@code false} only to measure what the body check costs: GETs then pass through
     *                    unchecked (listing pages are still checked)
     */
    public VerifyingObjectClient(ObjectClient delegate, boolean checkBodies) {
        super(delegate);
        this.checkBodies = checkBodies;
    }

    /**
     * The object with a body that matches its checksum, or empty.
     *
     * @throws CorruptObjectException if {@link #ATTEMPTS} GETs in a row returned a body that does not match
     */
    @Override
    public Optional<StoredObject> get(String key) throws IOException {
        if (!checkBodies) {
            return delegate.get(key);
        }
        String mismatch = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            if (attempt > 2) {
                // the first re-read goes at once: a torn body is a moment's (a racing overwrite), and a reader
                // that waits lets the object it resolved be replaced and reclaimed meanwhile
                pause(key, Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << (attempt - 3)));
            }
            Optional<StoredObject> got = delegate.get(key);
            if (got.isEmpty()) {
                return got;
            }
            mismatch = mismatch(got.get());
            if (mismatch == null) {
                return got;
            }
            mismatches.incrementAndGet();
            LOG.warn("{} on {}: body does not match its checksum ({}), read {} of {}; reading it again", key,
                    delegate.describe(), mismatch, attempt, ATTEMPTS);
        }
        throw new CorruptObjectException(key, delegate.describe(), ATTEMPTS, mismatch);
    }

    /**
     * One page, checked: at most {@code maxKeys} entries, all under {@code prefix} (rolled up at
     * {@code delimiter}), all after {@code startAfter}, none twice, and not empty if truncated.
     *
     * @throws BrokenListingException naming the rule the page broke; the caller may list another way (without a
     *                                delimiter) or must fail
     */
    @Override
    public ListPage list(String prefix, String delimiter, String startAfter, int maxKeys) throws IOException {
        ListPage page = delegate.list(prefix, delimiter, startAfter, maxKeys);
        String defect = ListPageCheck.defect(prefix, delimiter, startAfter, maxKeys, page);
        if (defect != null) {
            throw new BrokenListingException(prefix, delegate.describe(), defect, delimiter == null
                    ? "nothing can list this store reliably — use a store whose ListObjectsV2 keeps max-keys and"
                    + " start-after (AWS S3, MinIO)"
                    : "list it without a delimiter");
        }
        return page;
    }

    /** What is wrong with {@code o}'s body, or {@code null} if it matches (or carries nothing to check). */
    private String mismatch(StoredObject o) {
        byte[] body = o.data();
        ObjectMeta m = o.meta();
        if (m.crc32c() != null) {
            String actual = o.crc32cInTransit() != null ? o.crc32cInTransit() : BodyChecksum.crc32cHex(body);
            return actual.equals(m.crc32c()) ? null
                    : body.length + " bytes with CRC32C " + actual + ", stored CRC32C " + m.crc32c();
        }
        if (m.sha256() != null) {
            // an object written before the CRC32C was stored
            // the client's digest of exactly these bytes, taken as they arrived, where it has one
            String actual = o.sha256InTransit() != null ? o.sha256InTransit() : BodyChecksum.sha256Hex(body);
            return actual.equals(m.sha256()) ? null
                    : body.length + " bytes with SHA-256 " + actual + ", stored SHA-256 " + m.sha256();
        }
        if (BodyChecksum.isSinglePartMd5(m.etag())) {
            String actual = BodyChecksum.md5Hex(body);
            return actual.equalsIgnoreCase(m.etag()) ? null
                    : body.length + " bytes with MD5 " + actual + ", ETag " + m.etag();
        }
        unverified.incrementAndGet();
        return null;
    }

    private static void pause(String key, long millis) throws InterruptedIOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while re-reading " + key + " after a checksum mismatch");
        }
    }

    /** Bodies returned without a check: objects with no stored CRC32C or SHA-256 and no single-part MD5 ETag. */
    public long unverifiedReads() {
        return unverified.get();
    }

    /** Bodies that did not match and were fetched again (or failed the read). */
    public long mismatches() {
        return mismatches.get();
    }
}
