package io.vikingfs.azure;

import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;
import io.vikingfs.object.client.ObjectConflictException;
import io.vikingfs.object.client.ObjectPreconditionFailedException;
import io.vikingfs.object.client.ObjectStoreException;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeoutException;

/**
 * Maps one failure of one request of the Azure SDK to the SPI's exceptions — the one place where Azure's errors
 * are read: 412 and 409 BlobAlreadyExists → {@link ObjectPreconditionFailedException}, other 409s →
 * {@link ObjectConflictException}, anything
 * else → {@link ObjectStoreException} (retryable for 5xx, 408, 429 and transport failures). 404 and the block
 * count limit are answered by the client itself (empty results, {@code NoSuchFileException}, the append limit).
 */
final class AzureErrors {
    private final String description;

    AzureErrors(String description) {
        this.description = description;
    }

    private static BlobStorageException storage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BlobStorageException b) {
                return b;
            }
        }
        return null;
    }

    /** 404 for the blob itself — not for a missing container, which is a configuration error to report. */
    static boolean isNotFound(Throwable e) {
        BlobStorageException b = storage(e);
        return b != null && b.getStatusCode() == 404 && !BlobErrorCode.CONTAINER_NOT_FOUND.equals(b.getErrorCode());
    }

    static boolean isCopySourceMissing(Throwable e) {
        BlobStorageException b = storage(e);
        return b != null && (BlobErrorCode.CANNOT_VERIFY_COPY_SOURCE.equals(b.getErrorCode())
                && b.getMessage() != null && b.getMessage().contains("not exist"));
    }

    static boolean isBlockCountLimit(Throwable e) {
        BlobStorageException b = storage(e);
        return b != null && BlobErrorCode.BLOCK_COUNT_EXCEEDS_LIMIT.equals(b.getErrorCode());
    }

    static boolean isRangeNotSatisfiable(Throwable e) {
        BlobStorageException b = storage(e);
        return b != null && b.getStatusCode() == 416;
    }

    IOException translate(String op, String key, Throwable e) {
        BlobStorageException b = storage(e);
        String where = op + " " + key + " on " + description;
        if (b == null) {
            Throwable cause = e;
            while (cause != null && !(cause instanceof IOException) && !(cause instanceof TimeoutException)) {
                cause = cause.getCause();
            }
            if (cause instanceof InterruptedIOException ie && Thread.currentThread().isInterrupted()) {
                return ie;
            }
            if (cause instanceof UncheckedIOException u) {
                cause = u.getCause();
            }
            if (cause != null || e instanceof IllegalStateException && String.valueOf(e.getMessage()).contains("Timeout")) {
                return new ObjectStoreException(where + " failed in transport (" + (cause == null ? e : cause)
                        + "); it may or may not have taken effect — retry", 0, true, cause == null ? e : cause);
            }
            return new ObjectStoreException(where + " failed: " + e + " — check the endpoint, account and container",
                    0, false, e);
        }
        int status = b.getStatusCode();
        String code = b.getErrorCode() == null ? null : b.getErrorCode().toString();
        // Azure answers a create-only write (If-None-Match: *) on an existing blob with 409 BlobAlreadyExists,
        // not S3's 412: the condition failed and nothing changed
        if (status == 412 || BlobErrorCode.BLOB_ALREADY_EXISTS.equals(b.getErrorCode())) {
            return new ObjectPreconditionFailedException(key, op + " on " + description + (code == null ? "" : ": " + code));
        }
        if (status == 409 && !BlobErrorCode.CONTAINER_NOT_FOUND.equals(b.getErrorCode())) {
            return new ObjectConflictException(key, op + " on " + description + (code == null ? "" : ": " + code));
        }
        boolean retryable = status >= 500 || status == 429 || status == 408;
        String todo = retryable ? "the service is unavailable or throttling; retry later"
                : status == 403 ? "check the account name and key (accountKey=, VIKINGFS_AZURE_ACCOUNT_KEY or the connection string)"
                : BlobErrorCode.CONTAINER_NOT_FOUND.equals(b.getErrorCode()) ? "create the container or fix its name"
                : "check the endpoint, account and container";
        return new ObjectStoreException(where + " failed: HTTP " + status + (code == null ? "" : " " + code) + " — "
                + todo, status, retryable, b);
    }
}
