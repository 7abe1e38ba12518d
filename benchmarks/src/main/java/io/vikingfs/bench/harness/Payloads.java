package io.vikingfs.bench.harness;

import java.nio.charset.StandardCharsets;

/** The bytes every contender writes: the same record and the same document for ours and every baseline. */
public final class Payloads {
    /** A 200-byte JSONL record (a transcript message), without its newline. */
    public static final String RECORD = pad("{\"type\":\"message\",\"role\":\"assistant\",\"text\":\"", 200, "\"}");
    /** {@link #RECORD} as a line: what a hand-written log writes per record (201 bytes). */
    public static final byte[] LINE = (RECORD + "\n").getBytes(StandardCharsets.UTF_8);
    /** A 4 KiB JSON document (a session registry). */
    public static final byte[] DOC_4K = pad("{\"sessions\":{\"abc\":{\"state\":\"running\",\"note\":\"", 4096, "\"}}}")
            .getBytes(StandardCharsets.UTF_8);

    private Payloads() {
    }

    private static String pad(String head, int length, String tail) {
        StringBuilder sb = new StringBuilder(head);
        while (sb.length() < length - tail.length()) {
            sb.append((char) ('a' + sb.length() % 26));
        }
        return sb.append(tail).toString();
    }
}
