package io.vikingfs.local.disk;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;

/** Roots for tests that run a protocol on both the real disk and Jimfs (with the posix view, as Linux has). */
public final class DiskRoots {
    private DiskRoots() {
    }

    /** A fresh Jimfs file system configured like a Unix disk; the caller closes it. */
    public static FileSystem newJimfs() {
        return Jimfs.newFileSystem(Configuration.unix().toBuilder()
                .setAttributeViews("basic", "owner", "posix", "unix").build());
    }

    /** A new directory {@code /root} on {@code fs}. */
    public static Path jimfsRoot(FileSystem fs) throws IOException {
        return Files.createDirectories(fs.getPath("/root"));
    }
}
