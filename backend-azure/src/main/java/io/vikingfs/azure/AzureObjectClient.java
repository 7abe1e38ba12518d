package io.vikingfs.azure;

import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.rest.PagedResponse;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.core.util.polling.SyncPoller;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.BlobServiceVersion;
import com.azure.storage.blob.models.AppendBlobItem;
import com.azure.storage.blob.models.AppendBlobRequestConditions;
import com.azure.storage.blob.models.BlobCopyInfo;
import com.azure.storage.blob.models.BlobDownloadContentResponse;
import com.azure.storage.blob.models.BlobDownloadResponse;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlockBlobItem;
import com.azure.storage.blob.models.CopyStatusType;
import com.azure.storage.blob.models.DownloadRetryOptions;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.AppendBlobCreateOptions;
import com.azure.storage.blob.options.BlobBeginCopyOptions;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import io.vikingfs.object.client.AppendableObjectClient;
import io.vikingfs.object.client.BodyChecksum;
import io.vikingfs.object.client.ListPage;
import io.vikingfs.object.client.ObjectMeta;
import io.vikingfs.object.client.ObjectPreconditionFailedException;
import io.vikingfs.object.client.ObjectStoreException;
import io.vikingfs.object.client.PutMode;
import io.vikingfs.object.client.StoredObject;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link AppendableObjectClient} over the Azure SDK for Java ({@code azure-storage-blob}): Azure Blob Storage
 * accounts and the Azurite emulator. Plain objects are block blobs written by one Put Blob; append objects are
 * append blobs, grown by Append Block under the {@code x-ms-blob-condition-appendpos} condition.
 *
 * <p>Each method sends one request, except where noted ({@link #list} when asked to start after an arbitrary key,
 * {@link #copy} while the service reports the copy pending, {@link #getFrom} at the exact end of a blob), and never
 * retries: the SDK's retry policy is set to one try, retries belong to
 * {@link io.vikingfs.object.client.RetryingObjectClient}. Errors are mapped in {@link AzureErrors}. ETags are
 * returned without quotes. The account key never appears in {@link #describe()} or any message.
 *
 * <p>Every Put Blob stores the body's CRC32C and SHA-256 as metadata {@value #CRC32C_METADATA} and
 * {@value #SHA256_METADATA} (Azure's metadata names must be C# identifiers, so S3's {@code vfs-crc32c} and
 * {@code vfs-sha256} are spelled with an underscore): a verifying reader checks the cheap CRC32C, as on S3; append
 * blobs carry neither, since their body changes with every block.
 */
public final class AzureObjectClient implements AppendableObjectClient {
    /** The metadata name under which the body's SHA-256 (lower-case hex) is kept beside each block blob. */
    public static final String SHA256_METADATA = "vfs_sha256";
    /** The metadata name under which the body's CRC32C (8 lower-case hex digits) is kept beside each block blob. */
    public static final String CRC32C_METADATA = "vfs_crc32c";
    /**
     * The service version spoken: the newest Azurite 3.35.0 accepts (the SDK's default, 2026-06-06, is refused
     * by it). Append blocks of up to 100 MiB and 50,000 blocks per append blob hold from 2022-11-02 on.
     */
    public static final BlobServiceVersion SERVICE_VERSION = BlobServiceVersion.V2025_11_05;
    /** Append Block's size limit at {@link #SERVICE_VERSION} (100 MiB); Azurite enforces the same. */
    public static final int MAX_APPEND_BLOCK_BYTES = 100 * 1024 * 1024;
    /** Blocks per append blob (Azure and Azurite alike). */
    public static final int MAX_APPEND_BLOCKS = 50_000;

    private final BlobContainerClient container;
    private final String description;
    private final Duration timeout;
    private final AzureErrors errors;
    private final int maxBlockBytes;
    private final int maxBlocks;
    private final Comparator<String> listOrder;
    /** Markers the service gave after each page this client returned: sequential paging continues exactly. */
    private final ListMarkers markers = new ListMarkers();

    private AzureObjectClient(BlobContainerClient container, String description, Duration timeout,
                              int maxBlockBytes, int maxBlocks, Comparator<String> listOrder) {
        this.container = container;
        this.description = description;
        this.timeout = timeout;
        this.errors = new AzureErrors(description);
        this.maxBlockBytes = maxBlockBytes;
        this.maxBlocks = maxBlocks;
        this.listOrder = listOrder;
    }

    /** Starts building a client. */
    public static Builder builder() {
        return new Builder();
    }

    /** Settings of an {@link AzureObjectClient}; endpoint, account, key and container are required. */
    public static final class Builder {
        private URI endpoint;
        private String account;
        private String accountKey;
        private String container;
        private HttpClient httpClient;
        private Duration timeout = Duration.ofSeconds(60);
        private int maxBlockBytes = MAX_APPEND_BLOCK_BYTES;
        private int maxBlocks = MAX_APPEND_BLOCKS;
        private boolean utf16Order;

        private Builder() {
        }

        /**
         * The blob service endpoint: {@code https://ACCOUNT.blob.core.windows.net}, or for Azurite
         * {@code http://127.0.0.1:PORT/devstoreaccount1} (the account is the first path segment there).
         */
        public Builder endpoint(URI endpoint) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            return this;
        }

        /** Shared-key credentials: the storage account's name and one of its access keys (base64). */
        public Builder credentials(String account, String accountKey) {
            this.account = Objects.requireNonNull(account, "account");
            this.accountKey = Objects.requireNonNull(accountKey, "accountKey");
            return this;
        }

        public Builder container(String container) {
            this.container = Objects.requireNonNull(container, "container");
            return this;
        }

        /** The HTTP client to send requests with (a fault-injecting one in tests); default: the JDK's. */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
            return this;
        }

        /** How long one request may take before it fails as retryable (default 60 s). */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** Lower append limits than the service's, so tests can reach them (roll-over) cheaply. */
        public Builder appendLimits(int maxBlockBytes, int maxBlocks) {
            if (maxBlockBytes < 1 || maxBlockBytes > MAX_APPEND_BLOCK_BYTES || maxBlocks < 1 || maxBlocks > MAX_APPEND_BLOCKS) {
                throw new IllegalArgumentException("append limits must be within 1.." + MAX_APPEND_BLOCK_BYTES
                        + " bytes and 1.." + MAX_APPEND_BLOCKS + " blocks, got " + maxBlockBytes + " and " + maxBlocks);
            }
            this.maxBlockBytes = maxBlockBytes;
            this.maxBlocks = maxBlocks;
            return this;
        }

        /**
         * Whether the service lists blobs in UTF-16 code-unit order rather than UTF-8 byte order (Azurite does,
         * as measured: U+1F600 before U+E000): a listing continued after an arbitrary key then skips by that order,
         * so its pages stay consistent with the service's.
         */
        public Builder listedInUtf16Order(boolean utf16Order) {
            this.utf16Order = utf16Order;
            return this;
        }

        public AzureObjectClient build() {
            if (endpoint == null || account == null || accountKey == null || container == null) {
                throw new IllegalArgumentException("an AzureObjectClient needs an endpoint, an account with its key"
                        + " and a container (got endpoint=" + endpoint + ", account=" + account + ", key="
                        + (accountKey == null ? "missing" : "given") + ", container=" + container + ")");
            }
            AzureNames.checkContainer(container);
            HttpClient http = httpClient != null ? httpClient : new JdkHttpClientBuilder()
                    .connectionTimeout(Duration.ofSeconds(10)).build();
            BlobContainerClient c = new BlobServiceClientBuilder()
                    .endpoint(endpoint.toString())
                    .credential(new StorageSharedKeyCredential(account, accountKey))
                    .serviceVersion(SERVICE_VERSION)
                    .httpClient(http)
                    // one try: RetryingObjectClient retries, and knows how to resolve an ambiguous conditional write
                    .retryOptions(new RequestRetryOptions(RetryPolicyType.FIXED, 1, (Duration) null, null, null, null))
                    .buildClient()
                    .getBlobContainerClient(container);
            return new AzureObjectClient(c, "container '" + container + "' of account '" + account + "' at "
                    + endpoint, timeout, maxBlockBytes, maxBlocks,
                    utf16Order ? Comparator.naturalOrder() : KeyOrder.UTF8);
        }
    }

    /** Creates the container unless it exists. */
    public void createContainerIfMissing() throws IOException {
        try {
            container.createIfNotExistsWithResponse(null, timeout, Context.NONE);
        } catch (RuntimeException e) {
            throw errors.translate("create container", container.getBlobContainerName(), e);
        }
    }

    private BlobClient blob(String key) {
        return container.getBlobClient(key);
    }

    @Override
    public Optional<StoredObject> get(String key) throws IOException {
        try {
            BlobDownloadContentResponse r = blob(key).downloadContentWithResponse(new DownloadRetryOptions()
                    .setMaxRetryRequests(0), null, timeout, Context.NONE);
            byte[] data = r.getValue().toBytes();
            var h = r.getDeserializedHeaders();
            return Optional.of(new StoredObject(new ObjectMeta(key, etag(h.getETag()), data.length,
                    instant(h.getLastModified()), sha256(h.getMetadata()), crc32c(h.getMetadata())), data));
        } catch (RuntimeException e) {
            if (AzureErrors.isNotFound(e)) {
                return Optional.empty();
            }
            throw errors.translate("GET", key, e);
        }
    }

    @Override
    public Optional<ObjectMeta> head(String key) throws IOException {
        try {
            BlobProperties p = blob(key).getPropertiesWithResponse(null, timeout, Context.NONE).getValue();
            return Optional.of(meta(key, p));
        } catch (RuntimeException e) {
            if (AzureErrors.isNotFound(e)) {
                return Optional.empty();
            }
            throw errors.translate("HEAD", key, e);
        }
    }

    private static ObjectMeta meta(String key, BlobProperties p) {
        return new ObjectMeta(key, etag(p.getETag()), p.getBlobSize(), instant(p.getLastModified()),
                sha256(p.getMetadata()), crc32c(p.getMetadata()));
    }

    @Override
    public ObjectMeta put(String key, byte[] data, PutMode mode) throws IOException {
        String sha256 = BodyChecksum.sha256Hex(data);
        String crc32c = BodyChecksum.crc32cHex(data);
        try {
            BlockBlobItem item = blob(key).getBlockBlobClient().uploadWithResponse(
                    new BlockBlobSimpleUploadOptions(BinaryData.fromBytes(data))
                            .setMetadata(Map.of(SHA256_METADATA, sha256, CRC32C_METADATA, crc32c))
                            .setRequestConditions(conditions(mode)), timeout, Context.NONE).getValue();
            return new ObjectMeta(key, etag(item.getETag()), data.length, instant(item.getLastModified()), sha256, crc32c);
        } catch (RuntimeException e) {
            if (mode instanceof PutMode.Update && AzureErrors.isNotFound(e)) {
                throw new ObjectPreconditionFailedException(key,
                        "If-Match but no blob exists (" + description + ")");
            }
            throw errors.translate("PUT (" + mode + ")", key, e);
        }
    }

    private static BlobRequestConditions conditions(PutMode mode) {
        if (mode == PutMode.CREATE) {
            return new BlobRequestConditions().setIfNoneMatch("*");
        }
        if (mode instanceof PutMode.Update u) {
            return new BlobRequestConditions().setIfMatch("\"" + u.etag() + "\"");
        }
        return null;
    }

    @Override
    public ListPage list(String prefix, String delimiter, String startAfter, int maxKeys) throws IOException {
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be at least 1, got " + maxKeys);
        }
        ListMarkers.Query query = new ListMarkers.Query(prefix, delimiter);
        String marker = startAfter == null ? null : markers.after(query, startAfter);
        boolean exact = startAfter == null || marker != null;
        try {
            List<ObjectMeta> objects = new ArrayList<>();
            List<String> prefixes = new ArrayList<>();
            String last = null;
            // Azure pages by an opaque marker, not by a key: from a marker of ours, one request gives the page;
            // after an arbitrary key, pages from the start are read and what sorts at or before it skipped.
            do {
                PagedResponse<BlobItem> page = page(prefix, delimiter, marker, exact ? maxKeys : 5000);
                Iterator<BlobItem> it = page.getValue().iterator();
                while (it.hasNext()) {
                    BlobItem item = it.next();
                    if (!exact && listOrder.compare(item.getName(), startAfter) <= 0) {
                        continue;
                    }
                    if (objects.size() + prefixes.size() == maxKeys) {
                        // more items than asked for: the page ends before this one
                        markers.remember(query, last, null);
                        return new ListPage(objects, prefixes, true);
                    }
                    if (Boolean.TRUE.equals(item.isPrefix())) {
                        prefixes.add(item.getName());
                    } else {
                        objects.add(new ObjectMeta(item.getName(), etag(item.getProperties().getETag()),
                                item.getProperties().getContentLength() == null ? 0 : item.getProperties().getContentLength(),
                                instant(item.getProperties().getLastModified())));
                    }
                    last = item.getName();
                }
                marker = page.getContinuationToken();
                if (exact) {
                    markers.remember(query, last, marker);
                    return new ListPage(objects, prefixes, marker != null && !marker.isEmpty());
                }
            } while (marker != null && !marker.isEmpty());
            return new ListPage(objects, prefixes, false);
        } catch (RuntimeException e) {
            throw errors.translate("LIST", prefix, e);
        }
    }

    private PagedResponse<BlobItem> page(String prefix, String delimiter, String marker, int maxResults) {
        ListBlobsOptions options = new ListBlobsOptions().setPrefix(prefix).setMaxResultsPerPage(maxResults);
        var pages = delimiter == null ? container.listBlobs(options, timeout)
                : container.listBlobsByHierarchy(delimiter, options, timeout);
        return pages.iterableByPage(marker, maxResults).iterator().next();
    }

    @Override
    public ObjectMeta copy(String source, String destination) throws IOException {
        try {
            // Copy Blob within one account: the service copies synchronously for the sizes written here (the first
            // answer says "success"); a pending copy is polled to its end, so the copy is done on return.
            SyncPoller<BlobCopyInfo, Void> poller = blob(destination).beginCopy(
                    new BlobBeginCopyOptions(blob(source).getBlobUrl()).setPollInterval(Duration.ofMillis(50)));
            BlobCopyInfo info = poller.waitForCompletion(timeout).getValue();
            if (info.getCopyStatus() != CopyStatusType.SUCCESS) {
                throw new ObjectStoreException("COPY of " + source + " to " + destination + " on " + description
                        + " ended " + info.getCopyStatus() + " (" + info.getError() + "); the destination may hold a"
                        + " partial copy — copy again", 0, true, null);
            }
            return new ObjectMeta(destination, etag(info.getETag()), -1, Instant.now());
        } catch (RuntimeException e) {
            if (AzureErrors.isNotFound(e) || AzureErrors.isCopySourceMissing(e)) {
                throw new NoSuchFileException(source, destination, "copy source does not exist in " + description);
            }
            throw errors.translate("COPY to " + destination + " from", source, e);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        try {
            blob(key).deleteWithResponse(null, null, timeout, Context.NONE);
        } catch (RuntimeException e) {
            if (!AzureErrors.isNotFound(e)) {
                throw errors.translate("DELETE", key, e);
            }
        }
    }

    @Override
    public ObjectMeta createAppendable(String key, PutMode mode) throws IOException {
        try {
            AppendBlobItem item = blob(key).getAppendBlobClient().createWithResponse(new AppendBlobCreateOptions()
                    .setRequestConditions(conditions(mode)), timeout, Context.NONE).getValue();
            return new ObjectMeta(key, etag(item.getETag()), 0, instant(item.getLastModified()));
        } catch (RuntimeException e) {
            if (mode instanceof PutMode.Update && AzureErrors.isNotFound(e)) {
                throw new ObjectPreconditionFailedException(key,
                        "If-Match but no blob exists (" + description + ")");
            }
            throw errors.translate("CREATE APPEND BLOB (" + mode + ")", key, e);
        }
    }

    @Override
    public Appended append(String key, byte[] block, long expectedLength) throws IOException {
        if (block.length < 1 || block.length > maxBlockBytes) {
            throw new IllegalArgumentException(key + ": an append block must hold 1.." + maxBlockBytes
                    + " bytes, got " + block.length + " — split the batch");
        }
        try {
            if (maxBlocks < MAX_APPEND_BLOCKS) {
                // a lowered limit is this client's own: the service would only refuse at 50,000
                BlobProperties p = blob(key).getProperties();
                if (p.getCommittedBlockCount() != null && p.getCommittedBlockCount() >= maxBlocks) {
                    throw new AppendLimitException(key, maxBlocks);
                }
            }
            AppendBlobItem item = blob(key).getAppendBlobClient().appendBlockWithResponse(
                    BinaryData.fromBytes(block).toStream(), block.length, null,
                    new AppendBlobRequestConditions().setAppendPosition(expectedLength), timeout, Context.NONE)
                    .getValue();
            int count = item.getBlobCommittedBlockCount() == null ? -1 : item.getBlobCommittedBlockCount();
            return new Appended(new ObjectMeta(key, etag(item.getETag()), expectedLength + block.length,
                    instant(item.getLastModified())), count);
        } catch (RuntimeException e) {
            if (AzureErrors.isNotFound(e)) {
                throw new NoSuchFileException(key, null, "no append blob to append to in " + description);
            }
            if (AzureErrors.isBlockCountLimit(e)) {
                throw new AppendLimitException(key, maxBlocks);
            }
            throw errors.translate("APPEND at " + expectedLength + " to", key, e);
        }
    }

    @Override
    public Optional<StoredObject> getFrom(String key, long offset) throws IOException {
        if (offset < 0) {
            throw new IllegalArgumentException(key + ": a read offset must not be negative, got " + offset);
        }
        if (offset == 0) {
            return get(key);
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BlobDownloadResponse r = blob(key).downloadStreamWithResponse(out, new BlobRange(offset),
                    new DownloadRetryOptions().setMaxRetryRequests(0), null, false, timeout, Context.NONE);
            var h = r.getDeserializedHeaders();
            long size = totalLength(h.getContentRange(), offset + out.size());
            return Optional.of(new StoredObject(new ObjectMeta(key, etag(h.getETag()), size,
                    instant(h.getLastModified()), sha256(h.getMetadata())), out.toByteArray()));
        } catch (RuntimeException e) {
            if (AzureErrors.isNotFound(e)) {
                return Optional.empty();
            }
            if (AzureErrors.isRangeNotSatisfiable(e)) {
                // 416: nothing at or after offset — a read at the exact end gives no bytes, beyond it is a bug
                Optional<ObjectMeta> now = head(key);
                if (now.isEmpty()) {
                    return Optional.empty();
                }
                if (now.get().size() == offset) {
                    return Optional.of(new StoredObject(now.get(), new byte[0]));
                }
                throw new IllegalArgumentException(key + ": offset " + offset + " is beyond the blob's end ("
                        + now.get().size() + " bytes) in " + description);
            }
            throw errors.translate("GET from " + offset, key, e);
        }
    }

    /** The blob's length from {@code Content-Range: bytes A-B/TOTAL}, else {@code fallback}. */
    private static long totalLength(String contentRange, long fallback) {
        if (contentRange != null) {
            int slash = contentRange.lastIndexOf('/');
            if (slash >= 0 && !contentRange.endsWith("*")) {
                return Long.parseLong(contentRange.substring(slash + 1).trim());
            }
        }
        return fallback;
    }

    @Override
    public int maxBlockBytes() {
        return maxBlockBytes;
    }

    @Override
    public int maxBlocks() {
        return maxBlocks;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        // the SDK's clients hold no resources of their own; the JDK HttpClient is shared by the SDK
    }

    /** ETags arrive quoted. */
    static String etag(String etag) {
        if (etag == null) {
            return null;
        }
        return etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"") ? etag.substring(1, etag.length() - 1) : etag;
    }

    private static String sha256(Map<String, String> metadata) {
        if (metadata == null) {
            return null;
        }
        String v = metadata.get(SHA256_METADATA);
        return v == null || v.isBlank() ? null : v.trim().toLowerCase(Locale.ROOT);
    }

    private static String crc32c(Map<String, String> metadata) {
        return metadata == null ? null : BodyChecksum.parseCrc32c(metadata.get(CRC32C_METADATA));
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    /** Keys in UTF-8 byte order, as the SPI lists them. */
    enum KeyOrder implements Comparator<String> {
        UTF8;

        @Override
        public int compare(String a, String b) {
            return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
        }
    }
}
