package io.vikingfs.chat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Conversation ids (any non-empty string) as one path segment: reversible percent-encoding of the UTF-8 bytes,
 * keeping only {@code a-z 0-9 _ -} and a {@code .} that is not first, so no id can name {@code .}, {@code ..}, a
 * {@code .vfs} name, a separator or a control character. Upper-case letters are escaped too, so two ids that
 * differ only in case never share a folder on a case-insensitive disk. An encoding longer than
 * {@value #MAX_ENCODED} characters becomes {@code ~} and the SHA-256 of the id ({@code ~} is escaped in every
 * other name, so the two forms never meet); the manifest keeps the id itself.
 */
final class ConversationNames {
    static final int MAX_ENCODED = 128;
    private static final char HASHED = '~';

    private ConversationNames() {
    }

    static String encode(String id) {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("a conversation id must be a non-empty string, got "
                    + (id == null ? "null" : "an empty string"));
        }
        byte[] utf8 = id.getBytes(StandardCharsets.UTF_8);
        if (!new String(utf8, StandardCharsets.UTF_8).equals(id)) {
            throw new IllegalArgumentException("conversation id '" + id.replaceAll("\\p{Cntrl}", "?")
                    + "' is not valid Unicode (an unpaired surrogate); use a well-formed string");
        }
        StringBuilder out = new StringBuilder(utf8.length + 8);
        for (int i = 0; i < utf8.length; i++) {
            int b = utf8[i] & 0xff;
            boolean keep = (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '_' || b == '-'
                    || (b == '.' && i > 0);
            if (keep) {
                out.append((char) b);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
            if (out.length() > MAX_ENCODED) {
                return HASHED + sha256(utf8);
            }
        }
        return out.toString();
    }

    /**
     * The id a folder name stands for; empty for a hashed name (its manifest holds the id) or a name this class
     * never produces (a folder someone else put there).
     */
    static Optional<String> decode(String name) {
        if (name.isEmpty() || name.charAt(0) == HASHED) {
            return Optional.empty();
        }
        byte[] bytes = new byte[name.length()];
        int n = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '%' && i + 2 < name.length()) {
                int hex = Character.digit(name.charAt(i + 1), 16) << 4 | Character.digit(name.charAt(i + 2), 16);
                if (hex < 0) {
                    return Optional.empty();
                }
                bytes[n++] = (byte) hex;
                i += 2;
            } else {
                bytes[n++] = (byte) c;
            }
        }
        String id = new String(bytes, 0, n, StandardCharsets.UTF_8);
        try {
            return encode(id).equals(name) ? Optional.of(id) : Optional.empty();
        } catch (IllegalArgumentException notAnId) {
            return Optional.empty();
        }
    }

    static boolean isHashed(String name) {
        return !name.isEmpty() && name.charAt(0) == HASHED;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
