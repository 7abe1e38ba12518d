package io.vikingfs.memory;

import io.vikingfs.conformance.BackendFixture;
import io.vikingfs.conformance.AtomicWriteCases;
import io.vikingfs.conformance.BadPathCases;
import io.vikingfs.conformance.BadRecordCases;
import io.vikingfs.conformance.DurabilityCases;
import io.vikingfs.conformance.HelperCases;
import io.vikingfs.conformance.LifecycleCases;
import io.vikingfs.conformance.ListingCases;
import io.vikingfs.conformance.LogCases;
import io.vikingfs.conformance.NamespaceCases;
import io.vikingfs.conformance.ReadingCases;
import io.vikingfs.conformance.RenameCases;
import io.vikingfs.conformance.StagingCases;
import io.vikingfs.conformance.SwitchDirectoryCases;
import org.junit.jupiter.api.Nested;

import java.io.IOException;

/**
 * The mutation profile's view of the conformance suite (docs/mutation.md): every area of {@code VikingFsConformance}
 * on the same fixture as {@link MemoryConformanceTest}, except the concurrency area, whose 8-thread x 200 counter
 * alone takes ~15 s and would run again for every surviving mutant it covers (the races it probes are pinned
 * deterministically by backend-local's {@code InterleavingTest}). Not a Surefire test (the name matches no Surefire pattern): the
 * default build runs the whole suite once, in {@link MemoryConformanceTest}.
 */
class MemoryConformanceKillers {
    static BackendFixture fixture() throws IOException {
        return new MemoryConformanceTest.MemoryFixture(JimfsStores.newRoot(JimfsStores.DEFAULT_ROOT));
    }

    @Nested
    class Reading extends ReadingCases {
        @Override
        protected BackendFixture newFixture() throws IOException {
            return fixture();
        }
    }

    @Nested
    class Listing extends ListingCases {
        @Override
        protected BackendFixture newFixture() throws IOException {
            return fixture();
        }
    }

    @Nested
    class AtomicWrite extends AtomicWriteCases {
        @Override
        protected BackendFixture newFixture() throws IOException {
            return fixture();
        }
    }

    @Nested
    class Log extends LogCases {
        @Override
        protected BackendFixture newFixture() throws IOException {
            return fixture();
        }
    }

    @Nested
    class Rename extends RenameCases {
        @Override
        protected BackendFixture newFixture() throws IOException {
            return fixture();
        }
    }

    @Nested
    class Namespace extends NamespaceCases {
        @Override
        protected BackendFixture newFixture() throws IOException {
            return fixture();
        }
    }

    @Nested
    class SwitchDirectory extends SwitchDirectoryCases {
        @Override
        protected BackendFixture newFixture() throws IOException {
            return fixture();
        }
    }

    @Nested
    class Staging extends StagingCases {
        @Override
        protected BackendFixture newFixture() throws IOException {
            return fixture();
        }
    }

    @Nested
    class Lifecycle extends LifecycleCases {
        @Override
        protected BackendFixture newFixture() throws IOException {
            return fixture();
        }
    }

    @Nested
    class Durability extends DurabilityCases {
        @Override
        protected BackendFixture newFixture() throws IOException {
            return fixture();
        }
    }

    @Nested
    class Helper extends HelperCases {
        @Override
        protected BackendFixture newFixture() throws IOException {
            return fixture();
        }
    }

    @Nested
    class BadPath extends BadPathCases {
        @Override
        protected BackendFixture newFixture() throws IOException {
            return fixture();
        }
    }

    @Nested
    class BadRecord extends BadRecordCases {
        @Override
        protected BackendFixture newFixture() throws IOException {
            return fixture();
        }
    }
}
