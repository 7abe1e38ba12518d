package io.vikingfs.local.disk;

import java.io.IOException;

/** A held {@link DiskFile#lock()}; closing releases it. */
public interface DiskLock extends AutoCloseable {
    @Override
    void close() throws IOException;
}
