package io.vikingfs.object;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The bucket layout: how paths and the library's own objects are named. Everything the library adds has a
 * segment starting with {@code .vfs}, a name no valid path can take, so it never collides with user data.
 *
 * <pre>
 * P/name                                  a file written by atomicWrite (a plain object)
 * P/name/                                 a directory marker (mkdirs; keeps empty directories)
 * P/.vfs-log.name/s-00000000000000000007  log segment 7 (one append, or one replacement, or a delete)
 * P/.vfs-log.name/c1-00000000000000000016 log chunk of level 1: segments 1..16 compacted
 *                                         (over an AppendableObjectClient: each segment is an append object of
 *                                         many blocks, see AppendObjectLog; no chunks)
 * P/name/.vfs-gen/m-&lt;MAX-n&gt;              generation marker n of a switched directory (newest lists first)
 * P/name/.vfs-gen/g-&lt;uuid&gt;/…             an immutable generation tree
 * P/.vfs-stage-&lt;id&gt;                      the record of the staging directory P/&lt;live&gt;.staged-&lt;id&gt;/
 * </pre>
 */
final class Keys {
    static final String LOG = ".vfs-log.";
    static final String GEN = ".vfs-gen/";
    /** The record of a staging directory made by {@code stage}: {@code P/dir/.vfs-stage-<id>}. */
    static final String STAGE = ".vfs-stage-";
    static final String MARKER = "m-";
    static final String GEN_TREE = "g-";
    static final String SEGMENT = "s-";

    /** Every log object starts with a header of exactly this many bytes, except a delete ({@link #DELETE}). */
    static final int HEADER_BYTES = 42;
    /** The whole body of a segment or chunk that ends the log (the file is deleted). */
    static final byte[] DELETE = "#vfs-del\n".getBytes(StandardCharsets.US_ASCII);

    /** The kinds of log object, by the three letters of their header. */
    enum Kind {
        /** Records appended on top of what precedes. */
        APP,
        /** The whole content replaced (atomicWrite on a log). */
        REP,
        /** A compacted chunk appended on top of what precedes. */
        CAT,
        /** A compacted chunk that starts with a replacement. */
        RST,
        /** The file deleted. */
        DEL,
        /** An append-object segment sealed: the log continues in the next segment ({@link Blocks}). */
        END;

        boolean resets() {
            return this == REP || this == RST || this == DEL;
        }
    }

    private Keys() {
    }

    static String logPrefix(String parentPrefix, String name) {
        return parentPrefix + LOG + name + "/";
    }

    static String segment(long n) {
        return SEGMENT + String.format("%020d", n);
    }

    static String chunk(int level, long to) {
        return "c" + level + "-" + String.format("%020d", to);
    }

    static String marker(long n) {
        return MARKER + String.format("%020d", Long.MAX_VALUE - n);
    }

    /** The generation number of a marker's relative key, or -1 if it is not one. */
    static long markerNumber(String relative) {
        if (!relative.startsWith(MARKER) || relative.length() != MARKER.length() + 20) {
            return -1;
        }
        try {
            return Long.MAX_VALUE - Long.parseLong(relative.substring(MARKER.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static String newGenerationName() {
        return GEN_TREE + UUID.randomUUID().toString().replace("-", "");
    }

    /** A header line for a new object of {@code kind} (not DEL): unique for APP and REP, fixed for chunks. */
    static byte[] header(Kind kind) {
        String id = kind == Kind.APP || kind == Kind.REP ? UUID.randomUUID().toString().replace("-", "")
                : "0".repeat(32);
        byte[] h = ("#vfs-" + kind.name().toLowerCase(java.util.Locale.ROOT) + " " + id + "\n")
                .getBytes(StandardCharsets.US_ASCII);
        assert h.length == HEADER_BYTES;
        return h;
    }

    /** The kind of a stored log object, or {@code null} if its bytes are not one of ours. */
    static Kind kindOf(byte[] body) {
        if (body.length == DELETE.length && java.util.Arrays.equals(body, DELETE)) {
            return Kind.DEL;
        }
        if (body.length < HEADER_BYTES || body[0] != '#' || body[HEADER_BYTES - 1] != '\n') {
            return null;
        }
        String tag = new String(body, 0, 8, StandardCharsets.US_ASCII);
        switch (tag) {
            case "#vfs-app": return Kind.APP;
            case "#vfs-rep": return Kind.REP;
            case "#vfs-cat": return Kind.CAT;
            case "#vfs-rst": return Kind.RST;
            default: return null;
        }
    }
}
