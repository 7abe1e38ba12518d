package io.vikingfs.junit;

import java.util.List;
import java.util.Optional;

/**
 * What the workload had done when the crash happened, for a {@link CrashCheck} to state what must have survived:
 * the store calls that had returned, the one in flight, the checkpoints marked, and the crash model of the state.
 */
public final class CrashContext {
    private final History.Progress progress;
    private final boolean finished;
    private final CrashModel model;
    private final String step;

    CrashContext(History.Progress progress, boolean finished, CrashModel model, String step) {
        this.progress = progress;
        this.finished = finished;
        this.model = model;
        this.step = step;
    }

    /** Whether the workload had marked {@code checkpoint} before the crash. */
    public boolean reached(String checkpoint) {
        return progress.checkpoints().contains(checkpoint);
    }

    /** The checkpoints marked before the crash, in order. */
    public List<String> checkpoints() {
        return progress.checkpoints();
    }

    /** The workload's store calls that had returned (or thrown) before the crash, in order, in words. */
    public List<String> returnedCalls() {
        return progress.returned();
    }

    /** The store call the crash interrupted, if the crash fell inside one. */
    public Optional<String> callInFlight() {
        return Optional.ofNullable(progress.inFlight());
    }

    /** Whether the workload had run to its end (the crash came after its last step). */
    public boolean workloadFinished() {
        return finished;
    }

    /** {@link CrashModel#PROCESS_CRASH} if nothing the disk received was lost, else {@link CrashModel#POWER_LOSS}. */
    public CrashModel model() {
        return model;
    }

    /** The primitive step just before the crash ({@code write sessions/registry.json @0 +42}). */
    public String primitiveStep() {
        return step;
    }

    @Override
    public String toString() {
        return model + " after '" + step + "'" + callInFlight().map(c -> " during " + c).orElse("")
                + ", " + progress.returned().size() + " calls returned, checkpoints " + progress.checkpoints();
    }
}
