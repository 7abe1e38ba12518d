package io.vikingfs.object;

import io.vikingfs.object.Keys.Kind;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The blocks of a log segment kept as an append object (see {@link AppendObjectLog}). Every block is one atomic
 * Append Block: a fixed 55-byte header {@code #vfs-<kind> <32 hex id> <12-digit payload length>\n}, then exactly
 * that many payload bytes. The length makes the format self-delimiting whatever the payload holds (a replacement
 * may be any bytes); the random id makes every block unique, so a writer that lost the answer to its append can
 * tell its own block from another writer's identical records.
 *
 * <p>Kinds: {@code app} (records appended), {@code rep} (the whole content replaced), {@code del} (the file
 * deleted), {@code end} (the segment is sealed: nothing after it counts, the log continues in the next segment).
 * A {@code rep} or {@code del} is only ever the first block of a segment; an {@code end} only the last.
 */
final class Blocks {
    static final int HEADER_BYTES = 55;
    private static final int ID_AT = 9;
    private static final int LENGTH_AT = 42;

    private Blocks() {
    }

    /** One block of a segment: its kind, id and where its payload lies in the segment's bytes. */
    record Block(Kind kind, String id, int from, int to) {
    }

    /** A new block of {@code kind} (APP, REP, DEL or END) carrying {@code payload}, with a fresh id. */
    static byte[] of(Kind kind, byte[] payload) {
        String header = "#vfs-" + kind.name().toLowerCase(Locale.ROOT) + " "
                + UUID.randomUUID().toString().replace("-", "") + " " + String.format("%012d", payload.length) + "\n";
        byte[] h = header.getBytes(StandardCharsets.US_ASCII);
        assert h.length == HEADER_BYTES;
        byte[] b = Arrays.copyOf(h, h.length + payload.length);
        System.arraycopy(payload, 0, b, h.length, payload.length);
        return b;
    }

    /**
     * The blocks of {@code bytes}, which start at a block boundary.
     *
     * @throws IOException naming {@code key} if the bytes are not blocks of ours (another tool wrote them)
     */
    static List<Block> parse(String key, byte[] bytes, int from) throws IOException {
        List<Block> blocks = new ArrayList<>();
        int at = from;
        while (at < bytes.length) {
            Kind kind = headerKind(bytes, at);
            if (kind == null || bytes.length - at < HEADER_BYTES) {
                throw new IOException("log object " + key + " is not a VikingFS append-object log (no block header at"
                        + " byte " + at + "); it was written by another tool — move it away or delete the log");
            }
            long length = Long.parseLong(new String(bytes, at + LENGTH_AT, 12, StandardCharsets.US_ASCII));
            long end = at + HEADER_BYTES + length;
            if (end > bytes.length) {
                throw new IOException("log object " + key + " ends inside a block at byte " + at + " (" + length
                        + " payload bytes announced, " + (bytes.length - at - HEADER_BYTES) + " present); blocks are "
                        + "atomic, so another tool changed it — move it away or delete the log");
            }
            blocks.add(new Block(kind, new String(bytes, at + ID_AT, 32, StandardCharsets.US_ASCII),
                    at + HEADER_BYTES, (int) end));
            at = (int) end;
        }
        return blocks;
    }

    /** Whether {@code bytes} end with an {@code end} block's header (a candidate seal: confirm by parsing). */
    static boolean endsLikeSeal(byte[] bytes) {
        int at = bytes.length - HEADER_BYTES;
        return at >= 0 && headerKind(bytes, at) == Kind.END
                && new String(bytes, at + LENGTH_AT, 12, StandardCharsets.US_ASCII).equals("000000000000");
    }

    /** Whether a parsed segment is sealed. */
    static boolean sealed(List<Block> blocks) {
        return blocks.stream().anyMatch(b -> b.kind() == Kind.END);
    }

    private static Kind headerKind(byte[] b, int at) {
        if (b.length - at < HEADER_BYTES || b[at] != '#' || b[at + HEADER_BYTES - 1] != '\n'
                || b[at + ID_AT - 1] != ' ' || b[at + LENGTH_AT - 1] != ' ') {
            return null;
        }
        switch (new String(b, at, 8, StandardCharsets.US_ASCII)) {
            case "#vfs-app": return Kind.APP;
            case "#vfs-rep": return Kind.REP;
            case "#vfs-del": return Kind.DEL;
            case "#vfs-end": return Kind.END;
            default: return null;
        }
    }
}
