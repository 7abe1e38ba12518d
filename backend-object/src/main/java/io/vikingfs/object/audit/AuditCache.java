package io.vikingfs.object.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Dated verdicts on the local disk, one JSON file per endpoint named by a hash of
 * {@code ObjectClient.describe()}, so a known endpoint is not audited on every open.
 */
public final class AuditCache {
    private final Path dir;

    /** A cache in {@code dir} (created on the first {@link #store}). */
    public AuditCache(Path dir) {
        this.dir = dir;
    }

    Path fileFor(String endpoint) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(endpoint.getBytes(StandardCharsets.UTF_8));
            return dir.resolve(HexFormat.of().formatHex(h, 0, 12) + ".json");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /**
     * The cached verdict for {@code endpoint} if there is one no older than {@code maxAge}; empty if there is none,
     * it is stale, or it is unreadable (an older format, a torn file) — the caller then audits again and
     * overwrites it.
     */
    public Optional<AuditVerdict> load(String endpoint, Duration maxAge, Instant now) throws IOException {
        Path f = fileFor(endpoint);
        String json;
        try {
            json = Files.readString(f, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        AuditVerdict v;
        try {
            v = AuditVerdict.fromJson(json);
        } catch (IOException e) {
            return Optional.empty(); // unreadable or older format: re-auditing replaces it
        }
        if (!v.endpoint().equals(endpoint) || !v.measured() || v.auditedAt().plus(maxAge).isBefore(now)) {
            return Optional.empty();
        }
        return Optional.of(v);
    }

    /**
     * Writes the verdict through a temp file and an atomic rename, so a crash leaves the old file or the new one.
     *
     * @throws IOException naming the file if it cannot be written
     */
    public void store(AuditVerdict v) throws IOException {
        Path f = fileFor(v.endpoint());
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".vfs-audit-", ".tmp");
            try {
                Files.writeString(tmp, v.toJson(), StandardCharsets.UTF_8);
                try {
                    Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new IOException("could not cache the store audit of " + v.endpoint() + " in " + f
                    + ": fix the directory's permissions, choose another (auditCache=<dir>) or disable the cache"
                    + " (auditCache=none)", e);
        }
    }
}
