package io.vikingfs;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link VikingFs#readRecords} found in a log: every complete, valid record in order, and a report of
 * every damaged region. A damaged region never hides the records before or after it.
 *
 * @param records the complete records (lines without their {@code \n}), in log order
 * @param damage  damaged regions in offset order: at most one {@link Damage.Kind#TORN_TAIL} (always last), and
 *                any {@link Damage.Kind#CORRUPT_LINE}s, which were skipped
 * @param size    the number of bytes read
 */
public record RecordLog(List<String> records, List<Damage> damage, long size) {
    public RecordLog {
        records = List.copyOf(records);
        damage = List.copyOf(damage);
    }

    /** The bytes after the last newline, if any: an append cut short by a crash. */
    public Optional<Damage> tornTail() {
        return damage.isEmpty() || damage.get(damage.size() - 1).kind() != Damage.Kind.TORN_TAIL
                ? Optional.empty() : Optional.of(damage.get(damage.size() - 1));
    }

    public boolean isClean() {
        return damage.isEmpty();
    }

    /**
     * One damaged region of a log.
     *
     * @param kind   what is wrong
     * @param offset byte offset of the region's first byte
     * @param length the region's length in bytes (for a corrupt line, without its newline)
     * @param reason a short human-readable description
     */
    public record Damage(Kind kind, long offset, long length, String reason) {
        public Damage {
            Objects.requireNonNull(kind, "kind");
        }

        public enum Kind {
            /** Bytes after the last newline: a torn append (possibly zero-filled by a power loss). */
            TORN_TAIL,
            /** A complete line that is not a valid record (invalid UTF-8, NUL or other control bytes). */
            CORRUPT_LINE
        }
    }
}
