package io.vikingfs;

import java.util.Objects;

/**
 * One entry of a listing: its full path and its kind.
 *
 * @param path the entry's path from the store's root
 * @param kind file or directory
 */
public record DirEntry(VPath path, EntryKind kind) {
    public DirEntry {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
    }

    public String name() {
        return path.name();
    }

    public boolean isDirectory() {
        return kind == EntryKind.DIRECTORY;
    }
}
