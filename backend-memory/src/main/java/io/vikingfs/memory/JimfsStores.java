package io.vikingfs.memory;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;

/** Fresh Jimfs file systems configured as the local protocols need them (POSIX permissions, Unix paths). */
final class JimfsStores {
    static final String DEFAULT_ROOT = "/vikingfs";

    private static final Configuration CONFIG = Configuration.unix().toBuilder()
            .setAttributeViews("basic", "posix")
            .build();

    private JimfsStores() {
    }

    /** A new, independent file system holding an empty directory at {@code rootPath}. */
    static Path newRoot(String rootPath) throws IOException {
        FileSystem fs = Jimfs.newFileSystem(CONFIG);
        Path root = fs.getPath(rootPath);
        Files.createDirectories(root);
        return root;
    }
}
