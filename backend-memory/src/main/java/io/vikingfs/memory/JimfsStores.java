package io.vikingfs.memory;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import io.vikingfs.local.disk.NioDisk;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Fresh Jimfs file systems configured as the local protocols need them (POSIX permissions, Unix paths). */
final class JimfsStores {
    static final String DEFAULT_ROOT = "/vikingfs";

    private static final Configuration CONFIG = Configuration.unix().toBuilder()
            .setAttributeViews("basic", "owner", "posix", "unix") // unix: link counts, as on Linux
            // Every new file gets the store's permissions without being given them (NioDisk's
            // leavingFilePermissionsToDefaults): passed at each creation they cost Jimfs 0.3 us a file.
            .setDefaultAttributeValue("posix:permissions", NioDisk.DEFAULT_FILE_PERMISSIONS)
            .build();

    private JimfsStores() {
    }

    private static final java.util.concurrent.atomic.AtomicLong ROOTS = new java.util.concurrent.atomic.AtomicLong();

    /**
     * A root path no other store of this JVM uses. The local protocols keep a JVM-wide registry of temp files in
     * flight, keyed by path, and Jimfs paths of different file systems with the same text are equal: a post-crash
     * copy at the same path would see the crashed store's writes as still in flight and leave their temp files.
     */
    static String uniqueRoot() {
        return DEFAULT_ROOT + "-" + ROOTS.incrementAndGet();
    }

    /** A new, independent file system holding an empty directory at {@code rootPath}. */
    static Path newRoot(String rootPath) throws IOException {
        FileSystem fs = Jimfs.newFileSystem(CONFIG);
        Path root = fs.getPath(rootPath);
        Files.createDirectories(root, PosixFilePermissions.asFileAttribute(NioDisk.DEFAULT_DIRECTORY_PERMISSIONS));
        return root;
    }
}
