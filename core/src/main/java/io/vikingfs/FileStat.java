package io.vikingfs;

import java.time.Instant;
import java.util.Objects;

/**
 * What {@link VikingFs#stat} knows of a path, read at one instant.
 *
 * @param path         the path
 * @param kind         file or directory
 * @param size         the file's length in bytes; 0 for a directory
 * @param version      the file's current version, usable with {@link Precondition#ifMatch}; {@code null} for a
 *                     directory
 * @param lastModified when the content last changed, as the backend records it
 */
public record FileStat(VPath path, EntryKind kind, long size, Version version, Instant lastModified) {
    public FileStat {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
    }

    public boolean isDirectory() {
        return kind == EntryKind.DIRECTORY;
    }
}
