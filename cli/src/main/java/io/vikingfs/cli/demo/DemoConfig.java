package io.vikingfs.cli.demo;

/**
 * The size of the demo workload.
 *
 * @param registryThreads     threads rewriting the session registry
 * @param updatesPerThread    read-modify-write updates per registry thread
 * @param transcriptWriters   threads appending single records to the transcript (besides the metadata appender)
 * @param recordsPerWriter    records per transcript writer; the metadata appender writes a quarter as many batches
 * @param generations         staged trees switched over {@code live} after the first one
 * @param readers             threads reading {@code live} while it is switched (0: no reader check)
 */
public record DemoConfig(int registryThreads, int updatesPerThread, int transcriptWriters, int recordsPerWriter,
                         int generations, int readers) {
    public DemoConfig {
        if (registryThreads < 1 || updatesPerThread < 1 || transcriptWriters < 1 || recordsPerWriter < 1
                || generations < 1 || readers < 0) {
            throw new IllegalArgumentException("every demo size must be at least 1 (readers at least 0): " + this);
        }
    }

    /** A few seconds on two cores. */
    public static DemoConfig standard() {
        return new DemoConfig(4, 30, 3, 250, 20, 2);
    }

    /** Batches the metadata appender writes (two records each). */
    int metadataBatches() {
        return Math.max(1, recordsPerWriter / 4);
    }
}
