package io.vikingfs.conformance;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The whole conformance suite for one backend: extend it in the backend's test module and return a fresh
 * {@link BackendFixture} from {@link #createFixture()}. Every area of docs/contract.md §1–2 runs as a {@code @Nested}
 * class; each test gets a new fixture, opens its store, and closes both afterwards.
 *
 * <pre>{@code
 * class MyBackendConformanceTest extends VikingFsConformance {
 *     @Override
 *     protected BackendFixture createFixture() throws Exception {
 *         Path dir = Files.createTempDirectory("my-backend");
 *         return new BackendFixture() {
 *             public VikingFs open() throws IOException { return MyBackend.open(dir); }
 *             public Capabilities expected() { return Capabilities.of(Capability.ATOMIC_FILE_RENAME); }
 *             public void close() throws IOException { deleteTree(dir); }
 *         };
 *     }
 * }
 * }</pre>
 *
 * Tests skip through capabilities the store declares ({@code assumeTrue(caps.has(...))}), or where a
 * {@link BackendFixture} hook that looks below the API is absent (only fixtures made from a URI lack them); where a
 * capability is missing, the suite checks the documented refusal instead, and
 * {@code capabilities_equalWhatTheFixtureExpects} fails if the declaration differs from
 * {@link BackendFixture#expected()}.
 */
public abstract class VikingFsConformance {

    /** A new fixture: an empty store that no other test sees. Called before every test. */
    protected abstract BackendFixture createFixture() throws Exception;

    @Nested
    @DisplayName("read, newInputStream, stat, exists")
    class Reading extends ReadingCases {
        @Override
        protected BackendFixture newFixture() throws Exception {
            return createFixture();
        }
    }

    @Nested
    @DisplayName("list and walk")
    class Listing extends ListingCases {
        @Override
        protected BackendFixture newFixture() throws Exception {
            return createFixture();
        }
    }

    @Nested
    @DisplayName("atomicWrite")
    class AtomicWrite extends AtomicWriteCases {
        @Override
        protected BackendFixture newFixture() throws Exception {
            return createFixture();
        }
    }

    @Nested
    @DisplayName("append, readRecords, repairLog")
    class Logs extends LogCases {
        @Override
        protected BackendFixture newFixture() throws Exception {
            return createFixture();
        }
    }

    @Nested
    @DisplayName("rename")
    class Rename extends RenameCases {
        @Override
        protected BackendFixture newFixture() throws Exception {
            return createFixture();
        }
    }

    @Nested
    @DisplayName("delete, deleteIfExists, deleteRecursively, mkdirs")
    class Namespace extends NamespaceCases {
        @Override
        protected BackendFixture newFixture() throws Exception {
            return createFixture();
        }
    }

    @Nested
    @DisplayName("switchDirectory")
    class SwitchDirectory extends SwitchDirectoryCases {
        @Override
        protected BackendFixture newFixture() throws Exception {
            return createFixture();
        }
    }

    @Nested
    @DisplayName("stage")
    class Staging extends StagingCases {
        @Override
        protected BackendFixture newFixture() throws Exception {
            return createFixture();
        }
    }

    @Nested
    @DisplayName("capabilities, recover, close and reopen")
    class Lifecycle extends LifecycleCases {
        @Override
        protected BackendFixture newFixture() throws Exception {
            return createFixture();
        }
    }

    @Nested
    @DisplayName("durability and permissions")
    class Durability extends DurabilityCases {
        @Override
        protected BackendFixture newFixture() throws Exception {
            return createFixture();
        }
    }

    @Nested
    @DisplayName("Records and ForwardingVikingFs")
    class Helpers extends HelperCases {
        @Override
        protected BackendFixture newFixture() throws Exception {
            return createFixture();
        }
    }

    @Nested
    @DisplayName("bad input: paths")
    class BadPaths extends BadPathCases {
        @Override
        protected BackendFixture newFixture() throws Exception {
            return createFixture();
        }
    }

    @Nested
    @DisplayName("bad input: records")
    class BadRecords extends BadRecordCases {
        @Override
        protected BackendFixture newFixture() throws Exception {
            return createFixture();
        }
    }

    @Nested
    @DisplayName("concurrency")
    class Concurrency extends ConcurrencyCases {
        @Override
        protected BackendFixture newFixture() throws Exception {
            return createFixture();
        }
    }
}
