package io.vikingfs.junit;

import io.vikingfs.conformance.crash.CrashableStoreFactory;
import io.vikingfs.memory.Faults;
import io.vikingfs.memory.MemoryCrashableStores;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Crash-tests a workload in plain Java: runs it once on an in-memory store whose every primitive step (write,
 * sync, rename, … reaching the simulated disk) is a crash point, then, at every crash point, opens the post-crash
 * states the chosen crash models allow — the same states, from the same generator, as the library's own crash
 * explorer — and runs the check on each.
 *
 * <pre>{@code
 * CrashTester.of((fs, checkpoints) -> {
 *             fs.atomicWrite(VPath.of("registry.json"), "{\"s1\":{}}".getBytes(UTF_8), WriteOptions.DEFAULT);
 *             checkpoints.mark("registered");
 *         })
 *         .check((recovered, crash) -> {
 *             if (crash.reached("registered")) {
 *                 assertThat(recovered.exists(VPath.of("registry.json"))).isTrue();
 *             }
 *         })
 *         .run();   // throws CrashTestFailure with the report of the first failing state
 * }</pre>
 *
 * <p>Exhaustive while the states fit in {@link #maxStates(long) the budget}; beyond it, every crash point's
 * "synced only" and "everything" states plus a seeded sample of the others (the seed is printed; the same seed
 * checks the same states). The first failing crash point stops the exploration: it is the earliest, so the
 * workload's prefix up to its call in flight is the shortest that fails. Limits: one JVM; the workload must be
 * deterministic (no wall clock, no random file names) for a replay to reach the same state.
 */
public final class CrashTester {
    /** The default budget of states checked per test ({@code -Dvikingfs.crash.maxStates} changes it). */
    public static final long DEFAULT_MAX_STATES = Long.getLong("vikingfs.crash.maxStates", 3000);
    /** The default seed ({@code -Dvikingfs.crash.seed} changes it). */
    public static final long DEFAULT_SEED = Long.getLong("vikingfs.crash.seed", 20261125L);

    private final CrashWorkload workload;
    private final List<CrashExploration.NamedCheck> checks = new ArrayList<>();
    private StoreSetup setup = fs -> { };
    private Set<CrashModel> models = EnumSet.allOf(CrashModel.class);
    private long maxStates = DEFAULT_MAX_STATES;
    private long seed = DEFAULT_SEED;
    private String replay;
    private String name = "workload";
    private String replayHint;
    private CrashableStoreFactory stores = MemoryCrashableStores.plain();

    private CrashTester(CrashWorkload workload) {
        this.workload = Objects.requireNonNull(workload, "workload");
    }

    /** Starts a crash test of {@code workload}. */
    public static CrashTester of(CrashWorkload workload) {
        return new CrashTester(workload);
    }

    /**
     * An invariant checked on every post-crash state (at least one is required). Each check sees the state as
     * recovery left it: if an earlier check changed the store, the state is opened again for the next one.
     */
    public CrashTester check(CrashCheck check) {
        return check(null, check);
    }

    /** A named check (the name prefixes its failures in the report). */
    CrashTester check(String name, CrashCheck check) {
        checks.add(new CrashExploration.NamedCheck(name, Objects.requireNonNull(check, "check")));
        return this;
    }

    /** What the store holds before the workload (no crash points); by default it is empty. */
    public CrashTester setup(StoreSetup setup) {
        this.setup = Objects.requireNonNull(setup, "setup");
        return this;
    }

    /** The crash models explored (by default both). */
    public CrashTester models(CrashModel first, CrashModel... more) {
        this.models = EnumSet.of(first, more);
        return this;
    }

    /** At most this many states are checked; more become a seeded sample (default {@link #DEFAULT_MAX_STATES}). */
    public CrashTester maxStates(long maxStates) {
        if (maxStates < 1) {
            throw new IllegalArgumentException("maxStates must be at least 1: got " + maxStates);
        }
        this.maxStates = maxStates;
        return this;
    }

    /** The seed of random states and of the sample (default {@link #DEFAULT_SEED}). */
    public CrashTester seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** The name used in reports (default {@code workload}). */
    public CrashTester name(String name) {
        this.name = Objects.requireNonNull(name, "name");
        return this;
    }

    /**
     * Checks only the state a failure report named ({@code "seed:point:state"}, as printed), with that seed: runs
     * the workload again, takes that crash point and that state, and checks it.
     */
    public CrashTester replay(String token) {
        this.replay = Objects.requireNonNull(token, "token");
        return this;
    }

    /**
     * Runs the workload on a memory store whose disk fails as {@code faults} says (a flush, a full disk, a short
     * write), so the crash test covers the application's error handling too; post-crash states open on a healthy
     * disk. The workload must handle the failure (a workload that throws fails the test).
     */
    public CrashTester faults(Faults faults) {
        this.stores = MemoryCrashableStores.plain().withFaults(Objects.requireNonNull(faults, "faults"));
        return this;
    }

    /** Where the stores come from (default: the memory backend, as {@code MemoryVikingFs.create()} gives it). */
    public CrashTester stores(CrashableStoreFactory stores) {
        this.stores = Objects.requireNonNull(stores, "stores");
        return this;
    }

    /** How the report says to replay, for callers other than plain Java (the JUnit extension). */
    CrashTester replayHint(String hint) {
        this.replayHint = hint;
        return this;
    }

    /** Explores and returns what it found, failing or not. */
    public CrashTestResult explore() throws IOException {
        return exploration().run();
    }

    /**
     * Explores, prints {@link CrashTestResult#summary()} and returns the result if every checked state passed.
     *
     * @throws CrashTestFailure with the report of the first failing state (its cause: what the check threw)
     */
    public CrashTestResult run() throws IOException {
        CrashExploration e = exploration();
        CrashTestResult r = e.run();
        System.out.println(r.summary());
        if (!r.passed()) {
            throw new CrashTestFailure(r.failure().orElseThrow(), e.cause(), r);
        }
        return r;
    }

    private CrashExploration exploration() {
        if (checks.isEmpty()) {
            throw new IllegalStateException("crash test '" + name + "' has no check: call check(...) before running it");
        }
        String hint = replayHint != null ? replayHint : "CrashTester.of(...).check(...).replay(\"%s\").run()";
        return new CrashExploration(stores, setup, workload, List.copyOf(checks), models, maxStates, seed, replay, name, hint);
    }
}
