package io.vikingfs.spi;

import io.vikingfs.DirEntry;
import io.vikingfs.VPath;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.stream.Stream;

/**
 * {@code walk} written once on top of a backend's {@code list}, so every backend walks in the same order: depth
 * first, each directory's entries in listing order, a directory before its contents. Lazy: a subdirectory is
 * listed only when the stream reaches it, so a walk streams as its listings do.
 */
public final class Walk {
    /** A backend's listing of one directory. */
    @FunctionalInterface
    public interface Lister {
        Stream<DirEntry> list(VPath dir) throws IOException;
    }

    private Walk() {
    }

    /** Every entry below {@code dir}; an I/O error while streaming is an {@link UncheckedIOException}. */
    public static Stream<DirEntry> depthFirst(Lister lister, VPath dir) throws IOException {
        return lister.list(dir).flatMap(e -> {
            if (!e.isDirectory()) {
                return Stream.of(e);
            }
            try {
                return Stream.concat(Stream.of(e), depthFirst(lister, e.path()));
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        });
    }
}
