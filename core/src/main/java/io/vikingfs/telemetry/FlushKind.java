package io.vikingfs.telemetry;

import java.util.Locale;

/** What a flush forced: a file's data (a log's appends, a temp file) or a directory's entries (new, renamed, removed names). */
public enum FlushKind {
    FILE, DIRECTORY;

    private final String label = name().toLowerCase(Locale.ROOT);

    /** {@code file} or {@code directory}, as tags and events show it. */
    public String label() {
        return label;
    }
}
