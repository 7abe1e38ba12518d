package io.vikingfs.memory;

import io.vikingfs.VikingFs;
import io.vikingfs.conformance.BackendFixture;
import io.vikingfs.conformance.ConformanceRunner;
import io.vikingfs.conformance.ConformanceSummary;
import io.vikingfs.conformance.TestOutcome;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The memory backend as users reach it by URI ({@code VikingFs.open("mem:name")}, the provider's shared handles),
 * through {@link ConformanceRunner} as {@code vikingfs conformance --fs mem:…} runs it: the areas where a handle's
 * own life matters (close, reopen, recovery), reading, writing and logs. The whole suite on the store itself runs
 * in {@link MemoryConformanceTest}.
 */
class MemoryUriConformanceTest {
    private static final AtomicLong NAMES = new AtomicLong();

    /** A fresh {@code mem:} name; one handle stays open for the fixture's life, so a reopen finds the same store. */
    private static BackendFixture uriFixture() throws IOException {
        URI uri = URI.create("mem:uri-conformance-" + NAMES.incrementAndGet());
        VikingFs keeper = VikingFs.open(uri);
        BackendFixture byUri = BackendFixture.ofUri(uri, MemoryConformanceTest.MEMORY);
        return new BackendFixture() {
            @Override
            public VikingFs open() throws IOException {
                return byUri.open();
            }

            @Override
            public io.vikingfs.Capabilities expected() {
                return byUri.expected();
            }

            @Override
            public void close() throws IOException {
                keeper.close();
            }
        };
    }

    @Test
    void memUriHandles_keepTheContract() {
        ConformanceSummary summary = ConformanceRunner.run(MemoryUriConformanceTest::uriFixture,
                Set.of("capabilities, recover, close and reopen", "read, newInputStream, stat, exists", "atomicWrite",
                        "append, readRecords, repairLog", "stage"), o -> { });
        assertThat(summary.failures()).extracting(TestOutcome::toString).isEmpty();
        assertThat(summary.passed()).isGreaterThanOrEqualTo(80);
    }
}
