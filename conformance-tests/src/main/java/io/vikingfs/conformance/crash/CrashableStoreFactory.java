package io.vikingfs.conformance.crash;

import java.io.IOException;

/**
 * What a backend gives the crash explorer: fresh stores whose every primitive step is a crash point that can be
 * turned into post-crash stores. The memory backend implements it over its crashable disk; a backend without a
 * power-loss simulator does not.
 */
public interface CrashableStoreFactory {
    /** A short name for reports ({@code memory}, {@code memory+no-temp-fsync}, …). */
    String name();

    /** A new, empty, independent store. */
    CrashableStore create() throws IOException;
}
