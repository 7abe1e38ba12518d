package io.vikingfs.conformance.crash;

/**
 * A step made since the last sync that covers it.
 *
 * @param index       its position in {@link CrashPoint#pending()}
 * @param description the step in words
 * @param file        for a data step, an identity of the file (stable across renames); {@code null} for a change
 *                    of directory entries
 * @param offset      for a write, where it wrote; for a truncation, the new size
 * @param length      for a write, how many bytes; -1 for a truncation or a directory change
 */
public record PendingStep(int index, String description, String file, long offset, int length) {
    public boolean isData() {
        return file != null;
    }
}
