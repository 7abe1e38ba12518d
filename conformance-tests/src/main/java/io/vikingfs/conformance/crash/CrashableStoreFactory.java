package io.vikingfs.conformance.crash;

import java.io.IOException;
import java.util.List;

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

    /**
     * The power-loss models whose states the crash points can build ({@link CrashPoint#under}); the explorer
     * checks every workload under each.
     */
    default List<CrashModel> models() {
        return List.of(CrashModel.JOURNALING);
    }
}
