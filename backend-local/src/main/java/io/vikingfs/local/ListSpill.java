package io.vikingfs.local;

import java.nio.file.Path;

/**
 * Where and from what size a listing spills sorted runs ({@link SortedNames}): a directory of the default file
 * system, and the number of names sorted in memory before a run is written.
 */
record ListSpill(Path directory, int namesInMemory) {
    ListSpill {
        if (namesInMemory < 1) {
            throw new IllegalArgumentException("namesInMemory must be at least 1: " + namesInMemory);
        }
    }
}
