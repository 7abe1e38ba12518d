package io.vikingfs.local;

import io.vikingfs.local.disk.NioDisk;

import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Options of a {@link LocalVikingFs}. Immutable; start from {@link #DEFAULT} and derive with the {@code with…}
 * methods.
 *
 * <ul>
 *   <li>{@link #filePermissions()} / {@link #directoryPermissions()}: given to new files and directories where the
 *       file system has POSIX permissions (default {@code 0600} / {@code 0700}). Used by
 *       {@link LocalVikingFs#open(java.nio.file.Path, LocalOptions)}; a {@link io.vikingfs.local.disk.Disk} passed
 *       to {@link LocalVikingFs#open(io.vikingfs.local.disk.Disk, LocalOptions)} applies its own.</li>
 *   <li>{@link #tempReclaimAge()}: recovery reclaims a leftover temp file only once it is this old (default zero).
 *       Live writers are protected without it — a writer holds a lock on its temp file until it publishes it, and
 *       recovery waits for that lock — so the age is only an extra margin (for example for a writer between
 *       creating its temp file and locking it, an instant in which recovery could make that write fail, never
 *       corrupt it).</li>
 *   <li>{@link #recoverOnOpen()}: whether opening runs {@code recover(true)} (default {@code true}; it walks the
 *       whole store).</li>
 * </ul>
 */
public final class LocalOptions {
    /** {@code 0600} files, {@code 0700} directories, no minimum temp-file age, recovery on open. */
    public static final LocalOptions DEFAULT = new LocalOptions(NioDisk.DEFAULT_FILE_PERMISSIONS,
            NioDisk.DEFAULT_DIRECTORY_PERMISSIONS, Duration.ZERO, true);

    private final Set<PosixFilePermission> filePermissions;
    private final Set<PosixFilePermission> directoryPermissions;
    private final Duration tempReclaimAge;
    private final boolean recoverOnOpen;

    private LocalOptions(Set<PosixFilePermission> filePermissions, Set<PosixFilePermission> directoryPermissions,
                         Duration tempReclaimAge, boolean recoverOnOpen) {
        this.filePermissions = Set.copyOf(Objects.requireNonNull(filePermissions, "filePermissions"));
        this.directoryPermissions = Set.copyOf(Objects.requireNonNull(directoryPermissions, "directoryPermissions"));
        Objects.requireNonNull(tempReclaimAge, "tempReclaimAge");
        if (tempReclaimAge.isNegative()) {
            throw new IllegalArgumentException("tempReclaimAge must not be negative: " + tempReclaimAge);
        }
        if (!filePermissions.contains(PosixFilePermission.OWNER_READ)
                || !filePermissions.contains(PosixFilePermission.OWNER_WRITE)) {
            throw new IllegalArgumentException("filePermissions must let the owner read and write: " + filePermissions);
        }
        if (!directoryPermissions.containsAll(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE))) {
            throw new IllegalArgumentException("directoryPermissions must give the owner rwx: " + directoryPermissions);
        }
        this.tempReclaimAge = tempReclaimAge;
        this.recoverOnOpen = recoverOnOpen;
    }

    public LocalOptions withFilePermissions(Set<PosixFilePermission> permissions) {
        return new LocalOptions(permissions, directoryPermissions, tempReclaimAge, recoverOnOpen);
    }

    public LocalOptions withDirectoryPermissions(Set<PosixFilePermission> permissions) {
        return new LocalOptions(filePermissions, permissions, tempReclaimAge, recoverOnOpen);
    }

    public LocalOptions withTempReclaimAge(Duration age) {
        return new LocalOptions(filePermissions, directoryPermissions, age, recoverOnOpen);
    }

    public LocalOptions withRecoverOnOpen(boolean recover) {
        return new LocalOptions(filePermissions, directoryPermissions, tempReclaimAge, recover);
    }

    public Set<PosixFilePermission> filePermissions() {
        return filePermissions;
    }

    public Set<PosixFilePermission> directoryPermissions() {
        return directoryPermissions;
    }

    public Duration tempReclaimAge() {
        return tempReclaimAge;
    }

    public boolean recoverOnOpen() {
        return recoverOnOpen;
    }

    @Override
    public String toString() {
        return "LocalOptions{files=" + java.nio.file.attribute.PosixFilePermissions.toString(filePermissions)
                + ", dirs=" + java.nio.file.attribute.PosixFilePermissions.toString(directoryPermissions)
                + ", tempReclaimAge=" + tempReclaimAge + ", recoverOnOpen=" + recoverOnOpen + "}";
    }
}
