package io.vikingfs.local;

import io.vikingfs.VikingFs;
import io.vikingfs.VikingFsException;
import io.vikingfs.spi.VikingFsProvider;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/** {@code file:/abs/dir}: a {@link LocalVikingFs} on that folder (created, with its parents, if missing). */
public final class LocalVikingFsProvider implements VikingFsProvider {
    @Override
    public String scheme() {
        return "file";
    }

    @Override
    public VikingFs open(URI uri) throws IOException {
        Path root;
        try {
            root = Path.of(uri);
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            throw new VikingFsException(uri.toString(), "not a usable file URI (" + e.getMessage()
                    + "); write it as file:/absolute/folder");
        }
        return LocalVikingFs.open(root);
    }
}
