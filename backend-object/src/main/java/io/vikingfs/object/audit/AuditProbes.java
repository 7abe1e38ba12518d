package io.vikingfs.object.audit;

import io.vikingfs.object.client.ObjectMeta;
import io.vikingfs.object.client.PutMode;

import java.io.IOException;
import java.util.List;

/**
 * The requests the audit sends beyond the {@code ObjectClient} SPI: ones the backend may come to rely on
 * (conditional multipart complete, conditional delete, copy with a destination precondition), a conditional PUT
 * held open mid-body (which turns a check-then-act race into a certainty), and one request the backend must never
 * rely on (an append offset header), sent to see whether the store refuses it or silently does something else. {@link MinioAuditProbes} sends them over S3; without probes those measurements are
 * {@link Outcome#NOT_PROBED} and the guarantees resting on them are not claimed.
 *
 * <p>Every method either returns after the request took effect, or throws
 * {@link io.vikingfs.object.client.ObjectPreconditionFailedException} (412: nothing changed),
 * {@link io.vikingfs.object.client.ObjectConflictException} (409), {@link FeatureRefusedException} (the store said it
 * does not implement the request), or another {@link IOException}.
 */
public interface AuditProbes {

    /**
     * A multipart upload of {@code parts} (every part but the last at least 5 MiB) whose CompleteMultipartUpload
     * carries {@code mode}'s condition ({@code If-None-Match: *} or {@code If-Match}). The upload is aborted if it
     * does not complete, so nothing is left behind.
     */
    ObjectMeta multipartPut(String key, List<byte[]> parts, PutMode mode) throws IOException;

    /** DeleteObject with {@code If-Match: etag}. */
    void deleteIfMatch(String key, String etag) throws IOException;

    /** CopyObject of {@code source} to {@code destination} with {@code If-None-Match: *} (destination must not exist). */
    ObjectMeta copyIfAbsent(String source, String destination) throws IOException;

    /**
     * PutObject of {@code data} with {@code x-amz-write-offset-bytes: offset} — the S3 Express append header.
     * A store without append support must refuse it; one that ignores it replaces the object.
     */
    ObjectMeta putAtWriteOffset(String key, byte[] data, long offset) throws IOException;

    /**
     * PutObject of {@code data} with {@code mode}'s condition, sent as headers and the first half of the body, then
     * held open for {@code hold} (time for the store to take the request and check its condition) and while
     * {@code whilePaused} runs, then finished. A store that checks the condition when the request
     * arrives and writes when the body is in lets the write made during the pause be overwritten; one that checks
     * at commit refuses one of the two. Races of ordinary requests find that window only now and then; this opens
     * it every time.
     */
    ObjectMeta putHeldOpen(String key, byte[] data, PutMode mode, java.time.Duration hold, WhilePaused whilePaused)
            throws IOException;

    /**
     * PutObject of {@code data} with S3's own {@code x-amz-checksum-sha256: sha256Base64}, then HeadObject with
     * {@code x-amz-checksum-mode: ENABLED}.
     *
     * @return the {@code x-amz-checksum-sha256} the HEAD answered with, or empty if it carried none
     */
    java.util.Optional<String> putWithChecksum(String key, byte[] data, String sha256Base64) throws IOException;

    /** What runs while {@link #putHeldOpen} holds its request open. */
    @FunctionalInterface
    interface WhilePaused {
        void run() throws IOException;
    }
}
