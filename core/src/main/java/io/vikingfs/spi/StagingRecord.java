package io.vikingfs.spi;

import java.io.IOException;

/**
 * A backend's record that it owns a staging directory (see {@link io.vikingfs.VikingFs#stage}): while the record
 * exists, recovery knows the directory is the library's, and reclaims it once its owner is gone. Written by the
 * backend before the directory is created, so no crash can leave the directory without its record.
 */
@FunctionalInterface
public interface StagingRecord {
    /**
     * Removes the record, once the staging directory itself is gone (switched into place or deleted); a crash
     * before this leaves a record naming no directory, which recovery drops. Idempotent.
     */
    void remove() throws IOException;
}
