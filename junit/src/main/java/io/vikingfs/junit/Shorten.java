package io.vikingfs.junit;

import java.nio.charset.StandardCharsets;

/** Contents shortened for reports: printable, at most {@link #MAX} characters, the length given. */
final class Shorten {
    static final int MAX = 60;

    private Shorten() {
    }

    static String text(String s) {
        StringBuilder b = new StringBuilder("\"");
        int i = 0;
        for (; i < s.length() && b.length() <= MAX; i++) {
            char c = s.charAt(i);
            if (c == '\n') {
                b.append("\\n");
            } else if (c == '"') {
                b.append("\\\"");
            } else if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        return i < s.length() ? b.append("…\"").toString() : b.append('"').toString();
    }

    static String bytes(byte[] bytes) {
        String s = new String(bytes, StandardCharsets.UTF_8);
        return text(s) + " (" + bytes.length + " bytes)";
    }
}
