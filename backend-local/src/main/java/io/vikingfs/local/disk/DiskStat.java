package io.vikingfs.local.disk;

/**
 * Attributes of one path of a {@link Disk}, read without following a final link.
 *
 * @param kind          regular file, directory, symbolic link or something else
 * @param size          length in bytes (files)
 * @param fileKey       an identity of the underlying file that survives renames (inode) and is unique among all the
 *                      disks of this JVM (locks held for a file are found by it), or {@code null}
 * @param modifiedNanos last modification, in nanoseconds since the epoch (resolution is the file system's)
 */
public record DiskStat(Kind kind, long size, Object fileKey, long modifiedNanos) {
    public enum Kind { FILE, DIRECTORY, SYMLINK, OTHER }

    public boolean isFile() {
        return kind == Kind.FILE;
    }

    public boolean isDirectory() {
        return kind == Kind.DIRECTORY;
    }

    public boolean isSymlink() {
        return kind == Kind.SYMLINK;
    }
}
