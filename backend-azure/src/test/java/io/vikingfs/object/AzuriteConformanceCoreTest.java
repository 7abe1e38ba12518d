package io.vikingfs.object;

import io.vikingfs.conformance.AtomicWriteCases;
import io.vikingfs.conformance.BackendFixture;
import io.vikingfs.conformance.LogCases;
import io.vikingfs.conformance.RenameCases;
import io.vikingfs.conformance.SwitchDirectoryCases;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The areas of the shared conformance suite the Azure backend's protocols live in — logs (append blobs),
 * atomicWrite, switchDirectory, rename — on Azurite, in the default build (about 20 s). Listing is not among them:
 * its 2,500-entry case alone takes one to two minutes on Azurite; Azurite's listing order and pages are measured
 * by {@code AzuriteMeasurementsTest} and the store audit instead. The whole suite, with listing and the
 * multi-process concurrency area, is {@link AzuriteConformanceTest} ({@code -Dvikingfs.azure.long=true}).
 */
class AzuriteConformanceCoreTest {

    @Nested
    @DisplayName("logs")
    class Logs extends LogCases {
        @Override
        protected BackendFixture newFixture() {
            return AzuriteConformanceTest.fixture();
        }
    }

    @Nested
    @DisplayName("atomicWrite")
    class AtomicWrite extends AtomicWriteCases {
        @Override
        protected BackendFixture newFixture() {
            return AzuriteConformanceTest.fixture();
        }
    }

    @Nested
    @DisplayName("switchDirectory")
    class SwitchDirectory extends SwitchDirectoryCases {
        @Override
        protected BackendFixture newFixture() {
            return AzuriteConformanceTest.fixture();
        }
    }

    @Nested
    @DisplayName("rename")
    class Rename extends RenameCases {
        @Override
        protected BackendFixture newFixture() {
            return AzuriteConformanceTest.fixture();
        }
    }
}
