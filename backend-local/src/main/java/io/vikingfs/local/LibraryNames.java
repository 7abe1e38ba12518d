package io.vikingfs.local;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The names of the library's own entries on disk. All start with {@code .vfs}, which {@link io.vikingfs.VPath}
 * refuses and listings hide, so a user's path can never collide with one.
 */
final class LibraryNames {
    /** Temp files of atomic writes and temp symbolic links of pointer swaps. */
    static final String TEMP_PREFIX = ".vfs-tmp-";
    /** The per-directory lock file that cross-process writers of that directory take. */
    static final String DIRECTORY_LOCK = ".vfs-lock";
    /** Per-live-directory lock files of {@code switchDirectory} (held across its syncs; only switches wait). */
    static final String SWITCH_LOCK_PREFIX = ".vfs-swlock-";
    /** Durable intent records of the one-time conversion of a plain live directory into a pointer. */
    static final String INTENT_PREFIX = ".vfs-intent-";
    /**
     * Rename links: a second, durable name of a file in the target directory while a rename across directories is
     * in flight ({@code .vfs-mv-} without replace, {@code .vfs-mvr-} with), followed by 8 hex digits and the
     * target's name, so recovery knows where the file goes if the link is its only name left.
     */
    static final String RENAME_LINK_PREFIX = ".vfs-mv-";
    static final String REPLACING_RENAME_LINK_PREFIX = ".vfs-mvr-";
    private static final int NAME_MAX = 255;
    /** Records of staging directories made by {@code stage}: {@code .vfs-stage-<id>} beside the staging. */
    static final String STAGE_RECORD_PREFIX = ".vfs-stage-";
    static final String GENERATION_PREFIX = ".vfs-gen-";
    static final String HASHED_GENERATION_PREFIX = ".vfs-genh-";
    /** Names longer than this (UTF-8 bytes) get a hashed generation prefix so the result stays under NAME_MAX. */
    private static final int LONGEST_LITERAL_NAME = 200;

    private LibraryNames() {
    }

    /**
     * Random per JVM, so two processes never pick the same temp name; a counter makes names unique within the JVM
     * (a {@code UUID} per name cost a {@code SecureRandom} draw, and a read of {@code /dev/urandom} every 16 writes).
     */
    private static final String TEMP_STEM = TEMP_PREFIX + UUID.randomUUID().toString().replace("-", "") + "-";
    private static final AtomicLong TEMP_COUNTER = new AtomicLong();

    static String newTempName() {
        return TEMP_STEM + Long.toHexString(TEMP_COUNTER.incrementAndGet());
    }

    static boolean isTemp(String entry) {
        return entry.startsWith(TEMP_PREFIX);
    }

    /** A fresh rename link name for the target {@code name}, or null if it would not fit in NAME_MAX bytes. */
    static String newRenameLinkName(String name, boolean replace) {
        String link = (replace ? REPLACING_RENAME_LINK_PREFIX : RENAME_LINK_PREFIX)
                + UUID.randomUUID().toString().substring(0, 8) + "-" + name;
        return link.getBytes(StandardCharsets.UTF_8).length <= NAME_MAX ? link : null;
    }

    static boolean isRenameLink(String entry) {
        int after = entry.startsWith(RENAME_LINK_PREFIX) ? RENAME_LINK_PREFIX.length()
                : entry.startsWith(REPLACING_RENAME_LINK_PREFIX) ? REPLACING_RENAME_LINK_PREFIX.length() : -1;
        return after > 0 && entry.length() > after + 9 && entry.charAt(after + 8) == '-';
    }

    /** The target name a rename link stands for. */
    static String renameTarget(String link) {
        int afterPrefix = link.startsWith(RENAME_LINK_PREFIX) ? RENAME_LINK_PREFIX.length()
                : REPLACING_RENAME_LINK_PREFIX.length();
        return link.substring(afterPrefix + 9);
    }

    static boolean renameReplaces(String link) {
        return link.startsWith(REPLACING_RENAME_LINK_PREFIX);
    }

    /** {@code .vfs-gen-<name>-}, the prefix of every generation directory of the live directory {@code name}. */
    static String generationPrefix(String name) {
        return name.getBytes(StandardCharsets.UTF_8).length <= LONGEST_LITERAL_NAME
                ? GENERATION_PREFIX + name + "-"
                : HASHED_GENERATION_PREFIX + hex16(name) + "-";
    }

    static String generationName(String name, long number) {
        return generationPrefix(name) + number;
    }

    /** The generation number if {@code entry} is a generation directory of {@code name}, else -1. */
    static long generationNumber(String name, String entry) {
        return numberAfter(generationPrefix(name), entry);
    }

    static boolean isGeneration(String entry) {
        return (entry.startsWith(GENERATION_PREFIX) || entry.startsWith(HASHED_GENERATION_PREFIX))
                && numberAfter(entry.substring(0, entry.lastIndexOf('-') + 1), entry) >= 0;
    }

    /** The generation prefix (owner key) of a generation directory's name, e.g. {@code .vfs-gen-live-}. */
    static String generationKey(String generationEntry) {
        return generationEntry.substring(0, generationEntry.lastIndexOf('-') + 1);
    }

    static String switchLockName(String generationPrefix) {
        return SWITCH_LOCK_PREFIX + hex16(generationPrefix);
    }

    static String intentName(String generationPrefix) {
        return INTENT_PREFIX + hex16(generationPrefix);
    }

    private static long numberAfter(String prefix, String entry) {
        if (!entry.startsWith(prefix) || entry.length() == prefix.length() || entry.length() - prefix.length() > 18) {
            return -1;
        }
        long n = 0;
        for (int i = prefix.length(); i < entry.length(); i++) {
            char c = entry.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    static String hex16(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
