package io.vikingfs;

import java.nio.file.InvalidPathException;

/**
 * A path broke one of the rules of {@link VPath}. Thrown before any storage is touched. It is the JDK's
 * unchecked {@link InvalidPathException}, so code that already handles that for {@code Path.of} handles this.
 */
public final class InvalidVPathException extends InvalidPathException {
    private static final long serialVersionUID = 1L;

    /** Which rule of {@link VPath} the path broke. */
    public enum Rule {
        EMPTY, EMPTY_SEGMENT, DOT_SEGMENT, CONTROL_CHARACTER, BACKSLASH, INVALID_UNICODE, SEGMENT_TOO_LONG,
        PATH_TOO_LONG, RESERVED_NAME
    }

    private final Rule rule;

    public InvalidVPathException(String path, Rule rule, String detail) {
        super(printable(path), "invalid path (" + rule.name().toLowerCase().replace('_', ' ') + ": " + detail + ")");
        this.rule = rule;
    }

    public Rule rule() {
        return rule;
    }

    /** Control characters are shown escaped so the message stays one readable line. */
    private static String printable(String path) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (Character.isISOControl(c) || Character.isSurrogate(c)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
