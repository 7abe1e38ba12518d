package io.vikingfs.bench.harness;

/** One benchmarked operation, called repeatedly by each thread of a window. */
@FunctionalInterface
public interface Op {
    /**
     * @param thread   the calling thread's index, 0-based
     * @param sequence how many operations this thread completed before this one in the current window
     */
    void run(int thread, long sequence) throws Exception;
}
