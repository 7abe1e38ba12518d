package io.vikingfs.object.client;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * The body checksums an object carries, computed and compared in one place: the CRC32C and SHA-256 the backend
 * stores with every object it writes, and the MD5 that a single-part upload's ETag is on S3.
 *
 * <p>Reads are verified with the CRC32C. What the check is for is a store serving a torn, empty or mixed body
 * (a moment's mix of two versions during an overwrite, a body cut short) — not an adversary, who could forge any
 * checksum stored beside the body anyway. A 32-bit CRC over the whole body lets such a damaged body through with
 * probability 2<sup>-32</sup> (any change confined to 32 consecutive bits, never), at about a tenth of SHA-256's
 * cost per byte
 * ({@link CRC32C} is hardware-accelerated on x86-64 and AArch64). Objects written before the CRC32C was stored
 * carry only the SHA-256 and are verified with that.
 */
public final class BodyChecksum {
    /**
     * The user-metadata name (without {@code x-amz-meta-}) under which the backend stores the body's SHA-256,
     * lower-case hex.
     */
    public static final String METADATA_NAME = "vfs-sha256";
    /**
     * The user-metadata name (without {@code x-amz-meta-}) under which the backend stores the body's CRC32C:
     * 8 lower-case hex digits.
     */
    public static final String CRC32C_METADATA_NAME = "vfs-crc32c";
    private static final Pattern CRC32C_HEX = Pattern.compile("[0-9a-f]{8}");
    private static final Pattern SINGLE_PART_MD5 = Pattern.compile("[0-9a-fA-F]{32}");

    private BodyChecksum() {
    }

    /** Lower-case hex SHA-256 of {@code data}. */
    public static String sha256Hex(byte[] data) {
        return HexFormat.of().formatHex(digest("SHA-256", data));
    }

    /** The CRC32C of {@code data} as 8 lower-case hex digits. */
    public static String crc32cHex(byte[] data) {
        Checksum c = crc32c();
        c.update(data, 0, data.length);
        return crc32cHex(c);
    }

    /** What {@code crc32c} (a {@link #crc32c()} fed a body) has summed so far, as 8 lower-case hex digits. */
    public static String crc32cHex(Checksum crc32c) {
        return HexFormat.of().toHexDigits((int) crc32c.getValue());
    }

    /**
     * A stored CRC32C as {@link #crc32cHex} writes it, or {@code null} if {@code stored} is absent or not 8 hex
     * digits (then the object is verified as if it had none).
     */
    public static String parseCrc32c(String stored) {
        if (stored == null) {
            return null;
        }
        String hex = stored.trim().toLowerCase(java.util.Locale.ROOT);
        return CRC32C_HEX.matcher(hex).matches() ? hex : null;
    }

    /** A fresh CRC32C, for summing a body while it streams ({@link java.util.zip.CheckedInputStream}). */
    public static Checksum crc32c() {
        return new CRC32C();
    }

    /** Lower-case hex MD5 of {@code data}: the ETag S3 gives a single-part upload. */
    public static String md5Hex(byte[] data) {
        return HexFormat.of().formatHex(digest("MD5", data));
    }

    /** The hex SHA-256 as S3's {@code x-amz-checksum-sha256} header carries it (base64 of the digest). */
    public static String hexToBase64(String hex) {
        return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
    }

    /**
     * A full-object {@code x-amz-checksum-sha256} value as hex, or {@code null} if {@code base64} is absent or a
     * composite checksum of a multipart upload ({@code …-N}), which is not a checksum of the body.
     */
    public static String base64ToHex(String base64) {
        if (base64 == null || base64.isBlank() || base64.contains("-")) {
            return null;
        }
        try {
            byte[] d = Base64.getDecoder().decode(base64.trim());
            return d.length == 32 ? HexFormat.of().formatHex(d) : null;
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }

    /** Whether {@code etag} is the MD5 of the body: 32 hex digits, no {@code -N} multipart suffix. */
    public static boolean isSinglePartMd5(String etag) {
        return etag != null && SINGLE_PART_MD5.matcher(etag).matches();
    }

    /** A fresh SHA-256 digest, for hashing a body while it streams. */
    public static MessageDigest sha256() {
        return algorithm("SHA-256");
    }

    private static byte[] digest(String algorithm, byte[] data) {
        return algorithm(algorithm).digest(data);
    }

    private static MessageDigest algorithm(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required of every Java platform", e);
        }
    }
}
