package io.vikingfs;

/** What a path names. Symbolic links are never exposed: the library resolves its own and refuses others. */
public enum EntryKind {
    FILE, DIRECTORY
}
