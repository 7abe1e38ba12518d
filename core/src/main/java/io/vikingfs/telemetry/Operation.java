package io.vikingfs.telemetry;

import java.util.Locale;

/** The operations of {@link io.vikingfs.VikingFs} an {@link ObservedVikingFs} times, one constant per method family. */
public enum Operation {
    READ, STAT, EXISTS, LIST, WALK, ATOMIC_WRITE, APPEND, READ_RECORDS, REPAIR_LOG, RENAME, DELETE, MKDIRS,
    SWITCH_DIRECTORY, RECOVER;

    private final String label = name().toLowerCase(Locale.ROOT);

    /** The lower-case name used in tags, log lines and JFR events ({@code atomic_write}, {@code append}, …). */
    public String label() {
        return label;
    }
}
