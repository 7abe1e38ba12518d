package io.vikingfs.object.client;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The body checksums an object carries, computed and compared in one place: the SHA-256 the backend stores with
 * every object it writes, and the MD5 that a single-part upload's ETag is on S3.
 */
public final class BodyChecksum {
    /** The user-metadata name (without {@code x-amz-meta-}) under which the backend stores the body's SHA-256. */
    public static final String METADATA_NAME = "vfs-sha256";
    private static final Pattern SINGLE_PART_MD5 = Pattern.compile("[0-9a-fA-F]{32}");

    private BodyChecksum() {
    }

    /** Lower-case hex SHA-256 of {@code data}. */
    public static String sha256Hex(byte[] data) {
        return HexFormat.of().formatHex(digest("SHA-256", data));
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
