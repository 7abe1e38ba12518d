package io.vikingfs.local;

import io.vikingfs.local.disk.NioDisk;

import java.nio.file.Path;
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
 *   <li>{@link #listSpillDirectory()} / {@link #listNamesInMemory()}: a {@code list} sorts up to this many names
 *       in memory (default {@value #DEFAULT_LIST_NAMES_IN_MEMORY}, about 1 MiB); a larger directory is sorted in
 *       runs spilled as {@code vikingfs-list-<pid>-<random>.run} files to this directory of the default file
 *       system (default {@code java.io.tmpdir}) — never into the store, so a listing writes nothing a crash
 *       could leave there and works on a read-only store. Closing the listing's stream deletes its runs; runs
 *       left by a killed process are deleted when a store is next opened with recovery.</li>
 * </ul>
 */
public final class LocalOptions {
    /** {@code 0600} files, {@code 0700} directories, no minimum temp-file age, recovery on open. */
    public static final LocalOptions DEFAULT = new LocalOptions(NioDisk.DEFAULT_FILE_PERMISSIONS,
            NioDisk.DEFAULT_DIRECTORY_PERMISSIONS, Duration.ZERO, true,
            new ListSpill(Path.of(System.getProperty("java.io.tmpdir")), LocalOptions.DEFAULT_LIST_NAMES_IN_MEMORY));
    /** Names a listing sorts in memory before spilling sorted runs. */
    public static final int DEFAULT_LIST_NAMES_IN_MEMORY = 16_384;

    private final Set<PosixFilePermission> filePermissions;
    private final Set<PosixFilePermission> directoryPermissions;
    private final Duration tempReclaimAge;
    private final boolean recoverOnOpen;
    private final ListSpill listSpill;

    private LocalOptions(Set<PosixFilePermission> filePermissions, Set<PosixFilePermission> directoryPermissions,
                         Duration tempReclaimAge, boolean recoverOnOpen, ListSpill listSpill) {
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
        this.listSpill = Objects.requireNonNull(listSpill, "listSpill");
    }

    public LocalOptions withFilePermissions(Set<PosixFilePermission> permissions) {
        return new LocalOptions(permissions, directoryPermissions, tempReclaimAge, recoverOnOpen, listSpill);
    }

    public LocalOptions withDirectoryPermissions(Set<PosixFilePermission> permissions) {
        return new LocalOptions(filePermissions, permissions, tempReclaimAge, recoverOnOpen, listSpill);
    }

    public LocalOptions withTempReclaimAge(Duration age) {
        return new LocalOptions(filePermissions, directoryPermissions, age, recoverOnOpen, listSpill);
    }

    public LocalOptions withRecoverOnOpen(boolean recover) {
        return new LocalOptions(filePermissions, directoryPermissions, tempReclaimAge, recover, listSpill);
    }

    /**
     * Sorts up to {@code namesInMemory} names of a listing in memory and spills larger listings as sorted runs to
     * {@code directory} (of the default file system; it must exist).
     */
    public LocalOptions withListSpill(Path directory, int namesInMemory) {
        return new LocalOptions(filePermissions, directoryPermissions, tempReclaimAge, recoverOnOpen,
                new ListSpill(Objects.requireNonNull(directory, "directory"), namesInMemory));
    }

    public Path listSpillDirectory() {
        return listSpill.directory();
    }

    public int listNamesInMemory() {
        return listSpill.namesInMemory();
    }

    ListSpill listSpill() {
        return listSpill;
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
                + ", tempReclaimAge=" + tempReclaimAge + ", recoverOnOpen=" + recoverOnOpen + ", listSpill=" + listSpill + "}";
    }
}
