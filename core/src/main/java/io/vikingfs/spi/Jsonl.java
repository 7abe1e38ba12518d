package io.vikingfs.spi;

import io.vikingfs.InvalidRecordException;
import io.vikingfs.RecordLog;
import io.vikingfs.RecordLog.Damage;
import io.vikingfs.VPath;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSONL record codec every backend uses, so that a record means the same thing everywhere.
 *
 * <p>A record is one line of UTF-8 text: non-empty, at most {@link #MAX_RECORD_BYTES} bytes, valid Unicode, and
 * free of control characters U+0000–U+001F other than TAB (so no {@code \n}, {@code \r} or NUL inside). On
 * storage each record is followed by exactly one {@code \n}. A batch is validated whole before any byte is
 * produced, so a bad record never leaves part of a batch behind.
 */
public final class Jsonl {
    /** The largest record accepted, in UTF-8 bytes (without its newline). */
    public static final int MAX_RECORD_BYTES = 16 * 1024 * 1024;

    private Jsonl() {
    }

    /** The largest batch {@link #encode} produces, in bytes: the largest array a JVM allocates. */
    static final int MAX_BATCH_BYTES = Integer.MAX_VALUE - 8;

    /**
     * Validates every record and returns the bytes of the whole batch, each record followed by {@code \n}.
     *
     * @throws InvalidRecordException naming the first invalid record's index and rule, or the record at which the
     *                                batch passes 2 GiB ({@code Integer.MAX_VALUE - 8} bytes, newlines included: a
     *                                batch of exactly that many is encoded); nothing is produced
     */
    public static byte[] encode(VPath path, List<String> records) throws InvalidRecordException {
        return encode(path, records, MAX_BATCH_BYTES);
    }

    /**
     * {@link #encode(VPath, List)} with the batch limit given: a seam so that the limit's boundary is tested with
     * a small one (the real one would need a heap of twice 2 GiB).
     */
    static byte[] encode(VPath path, List<String> records, long maxBatchBytes) throws InvalidRecordException {
        if (records == null || records.isEmpty()) {
            throw new InvalidRecordException(path, 0, "an empty batch has nothing to append");
        }
        byte[][] encoded = new byte[records.size()][];
        long total = 0;
        for (int i = 0; i < records.size(); i++) {
            String r = records.get(i);
            byte[] b = r == null ? null : r.getBytes(StandardCharsets.UTF_8);
            if (b == null || !plainAscii(r, b)) {
                String problem = problem(r); // the exact rules, for anything the fast check does not vouch for
                if (problem != null) {
                    throw new InvalidRecordException(path, i, problem);
                }
            }
            if (b.length > MAX_RECORD_BYTES) {
                throw new InvalidRecordException(path, i, b.length + " UTF-8 bytes, limit " + MAX_RECORD_BYTES);
            }
            encoded[i] = b;
            total += b.length + 1;
            if (total > maxBatchBytes) {
                throw new InvalidRecordException(path, i, "the batch passes " + maxBatchBytes + " bytes here"
                        + " (the largest array, 2 GiB); split it into several appendAll calls");
            }
        }
        byte[] out = new byte[(int) total];
        int at = 0;
        for (byte[] b : encoded) {
            System.arraycopy(b, 0, out, at, b.length);
            at += b.length;
            out[at++] = '\n';
        }
        return out;
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /**
     * Whether {@code utf8}, the UTF-8 encoding of {@code record}, proves the record valid without looking at its
     * chars — false means only "ask {@link #problem}". As many bytes as chars means every char is ASCII or an
     * unpaired surrogate, which the encoder writes as {@code '?'}: so every {@code '?'} byte is checked against its
     * char, and no byte may be a control character but tab. Eight bytes are tested at a time (a record is nearly
     * always plain ASCII, and checking it char by char was most of an append's validation).
     */
    static boolean plainAscii(String record, byte[] utf8) {
        int n = utf8.length;
        if (n == 0 || n != record.length()) {
            return false;
        }
        // First one pass without a branch per word: a byte lane keeps its high bit only while every byte seen in
        // it is at least 0x20 (b + 0x60) and not '?' ((b ^ '?') + 0x7F); no carry crosses lanes, as every byte is
        // below 0x80. Any lane cleared (a tab, a '?', a control character) takes the exact pass below.
        long lanes = -1L;
        int words = n - n % Long.BYTES;
        for (int i = 0; i < words; i += Long.BYTES) {
            long x = (long) LONGS.get(utf8, i);
            lanes &= (x + 0x60 * ONES) & ((x ^ ('?' * ONES)) + 0x7F * ONES);
        }
        return (lanes & HIGHS) == HIGHS ? plainBytes(record, utf8, words, n) : exactly(record, utf8);
    }

    /** {@link #plainAscii} for a record of ASCII chars and lone surrogates whose words need a closer look. */
    private static boolean exactly(String record, byte[] utf8) {
        int n = utf8.length;
        int i = 0;
        for (; i + Long.BYTES <= n; i += Long.BYTES) {
            long x = (long) LONGS.get(utf8, i);
            // Every byte is below 0x80 here, so these are exact: some byte below 0x20; some byte equal to '?'.
            long control = (x - 0x20 * ONES) & ~x & HIGHS;
            long y = x ^ ('?' * ONES);
            long question = (y - ONES) & ~y & HIGHS;
            if ((control | question) != 0 && !plainBytes(record, utf8, i, i + Long.BYTES)) {
                return false;
            }
        }
        return plainBytes(record, utf8, i, n);
    }

    private static boolean plainBytes(String record, byte[] utf8, int from, int to) {
        for (int k = from; k < to; k++) {
            byte c = utf8[k];
            if (c < 0x20 && c != '\t' || c == '?' && record.charAt(k) != '?') {
                return false;
            }
        }
        return true;
    }

    /** Why {@code record} is not a valid record, or {@code null} if it is. */
    public static String problem(String record) {
        if (record == null) {
            return "null record";
        }
        if (record.isEmpty()) {
            return "empty record (a blank line is not a JSONL record)";
        }
        // Checked on a copy of the chars: charAt re-tests the string's coding and bounds per char, and this check was
        // a fifth of an append's CPU (~170 ns for a 180-char record; ~55 ns so, measured as thread CPU)
        int n = record.length();
        char[] chars = new char[n];
        record.getChars(0, n, chars, 0);
        for (int i = 0; i < n; i++) {
            char c = chars[i];
            if (c >= 0x20 && c < Character.MIN_SURROGATE) {
                continue; // nearly every char
            }
            if (c == '\n') {
                return "newline (\\n) at char " + i;
            }
            if (c < 0x20 && c != '\t') {
                return String.format("control character U+%04X at char %d", (int) c, i);
            }
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(chars[i + 1])) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return String.format("unpaired surrogate U+%04X at char %d (not encodable as UTF-8)", (int) c, i);
            }
        }
        return null;
    }

    /**
     * Splits stored bytes into records and damage: every {@code \n}-terminated line that is a valid record is a
     * record; one that is not is a {@link Damage.Kind#CORRUPT_LINE}; bytes after the last {@code \n} are a
     * {@link Damage.Kind#TORN_TAIL}.
     */
    public static RecordLog decode(byte[] bytes, int length) {
        List<String> records = new ArrayList<>();
        List<Damage> damage = new ArrayList<>();
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int start = 0;
        for (int i = 0; i < length; i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            int len = i - start;
            String reason;
            try {
                CharBuffer chars = decoder.reset().decode(ByteBuffer.wrap(bytes, start, len));
                String line = chars.toString();
                reason = problem(line);
                if (reason == null && len > MAX_RECORD_BYTES) {
                    reason = "line of " + len + " bytes exceeds " + MAX_RECORD_BYTES;
                }
                if (reason == null) {
                    records.add(line);
                }
            } catch (CharacterCodingException e) {
                reason = "invalid UTF-8";
            }
            if (reason != null) {
                damage.add(new Damage(Damage.Kind.CORRUPT_LINE, start, len, reason));
            }
            start = i + 1;
        }
        if (start < length) {
            damage.add(new Damage(Damage.Kind.TORN_TAIL, start, length - start, tailReason(bytes, start, length)));
        }
        return new RecordLog(records, damage, length);
    }

    /** The length of the log once its torn tail (the bytes after the last newline) is removed. */
    public static long cleanLength(byte[] bytes, int length) {
        for (int i = length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i + 1;
            }
        }
        return 0;
    }

    private static String tailReason(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return (to - from) + " bytes after the last newline (an append cut short)";
            }
        }
        return (to - from) + " zero bytes after the last newline (an append lost in a power loss)";
    }
}
