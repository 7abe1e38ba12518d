package io.vikingfs.junit;

import java.util.ArrayList;
import java.util.List;

/**
 * What the workload has done so far: its store calls (returned, or in flight) and its checkpoints. The crash
 * point listener takes a {@link Progress} of it after every primitive step.
 */
final class History implements Checkpoints {
    private final List<String> calls = new ArrayList<>();
    private final List<String> checkpoints = new ArrayList<>();
    private int returned;
    private String inFlight;
    private int depth;
    /** What the workload had done at one instant. */
    record Progress(List<String> returned, String inFlight, List<String> checkpoints) {
    }

    synchronized void started(String call) {
        if (depth++ > 0) {
            return; // a call made by the store itself on behalf of the user's call: part of it
        }
        calls.add(call);
        inFlight = call;
    }

    /** The call in flight ended, whether it returned or threw (a thrown call also happened, in part or not). */
    synchronized void ended() {
        if (--depth > 0) {
            return;
        }
        returned++;
        inFlight = null;
    }

    @Override
    public synchronized void mark(String name) {
        checkpoints.add(name);
    }

    synchronized Progress progress() {
        return new Progress(List.copyOf(calls.subList(0, returned)), inFlight, List.copyOf(checkpoints));
    }

    synchronized int calls() {
        return calls.size();
    }

    synchronized List<String> allCalls() {
        return new ArrayList<>(calls);
    }
}
