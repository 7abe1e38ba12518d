package io.vikingfs.conformance;

import io.vikingfs.UnsupportedByBackendException;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs the whole suite from code — on a live store, outside any test framework (the CLI's
 * {@code vikingfs conformance --fs URI} does) — through the JUnit Platform Launcher, and returns every test's
 * outcome.
 *
 * <pre>{@code
 * ConformanceSummary s = ConformanceRunner.run(
 *         () -> BackendFixture.ofUri(freshStoreUri(), expectedCapabilities), System.out::println);
 * if (!s.isSuccess()) { s.failures().forEach(System.err::println); }
 * }</pre>
 *
 * The factory must return, for every test, a fixture over an empty store no other test sees (a new folder, a new
 * {@code mem:} name, a new S3 prefix): the suite writes, deletes and switches freely inside it. Runs are
 * serialised: one suite at a time per JVM. Needs {@code junit-jupiter-engine} on the class path at run time (this
 * module brings it).
 */
public final class ConformanceRunner {
    private static final Object ONE_RUN_AT_A_TIME = new Object();

    private ConformanceRunner() {
    }

    /** Runs the suite with fixtures from {@code factory}. */
    public static ConformanceSummary run(FixtureFactory factory) {
        return run(factory, outcome -> { });
    }

    /** Runs the suite, telling {@code progress} each test's outcome as soon as it is known (for long runs). */
    public static ConformanceSummary run(FixtureFactory factory, Consumer<TestOutcome> progress) {
        return run(factory, Set.copyOf(areas()), progress);
    }

    /**
     * The names of the suite's areas, as {@link TestOutcome#area()} reports them ({@code "atomicWrite"},
     * {@code "concurrency"}, …), sorted.
     */
    public static List<String> areas() {
        return areaClasses().keySet().stream().sorted().toList();
    }

    /**
     * Runs only the given areas of the suite (for a quick check of a live store, or to leave out the concurrency
     * area on a slow network).
     *
     * @throws IllegalArgumentException naming the valid areas if one of {@code areas} is not one
     */
    public static ConformanceSummary run(FixtureFactory factory, Set<String> areas, Consumer<TestOutcome> progress) {
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(progress, "progress");
        Map<String, Class<?>> known = areaClasses();
        List<DiscoverySelector> selectors = new ArrayList<>();
        for (String area : areas) {
            Class<?> nested = known.get(area);
            if (nested == null) {
                throw new IllegalArgumentException("no conformance area '" + area + "'; the areas are " + areas());
            }
            selectors.add(DiscoverySelectors.selectNestedClass(List.of(LiveStoreConformance.class), nested));
        }
        synchronized (ONE_RUN_AT_A_TIME) {
            LiveStoreConformance.factory = factory;
            try {
                Collector collector = new Collector(progress);
                LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                        .selectors(selectors)
                        .build();
                Launcher launcher = LauncherFactory.create();
                launcher.execute(request, collector);
                return new ConformanceSummary(collector.outcomes);
            } finally {
                LiveStoreConformance.factory = null;
            }
        }
    }

    /** Each {@code @Nested} area class of the suite by its display name. */
    private static Map<String, Class<?>> areaClasses() {
        Map<String, Class<?>> out = new HashMap<>();
        for (Class<?> c : VikingFsConformance.class.getDeclaredClasses()) {
            DisplayName name = c.getAnnotation(DisplayName.class);
            if (c.isAnnotationPresent(Nested.class) && name != null) {
                out.put(name.value(), c);
            }
        }
        return out;
    }

    /** Turns the launcher's events into {@link TestOutcome}s. */
    private static final class Collector implements TestExecutionListener {
        private final Consumer<TestOutcome> progress;
        private final List<TestOutcome> outcomes = new ArrayList<>();
        private TestPlan plan;

        Collector(Consumer<TestOutcome> progress) {
            this.progress = progress;
        }

        @Override
        public void testPlanExecutionStarted(TestPlan testPlan) {
            plan = testPlan;
        }

        @Override
        public void executionSkipped(TestIdentifier id, String reason) {
            if (id.isTest()) {
                add(id, TestOutcome.Status.SKIPPED, reason, null);
            }
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            Throwable t = result.getThrowable().orElse(null);
            if (!id.isTest()) {
                // A container that fails (a @BeforeEach of its fixture, a method source) fails its tests with it.
                if (result.getStatus() == TestExecutionResult.Status.FAILED) {
                    add(id, TestOutcome.Status.FAILED, describe(t), t);
                }
                return;
            }
            Optional<String> refusal = storeRefusal(t, new HashSet<>());
            switch (result.getStatus()) {
                case SUCCESSFUL -> add(id, TestOutcome.Status.PASSED, "", null);
                case ABORTED -> add(id, TestOutcome.Status.SKIPPED, describe(t), null);
                default -> {
                    if (refusal.isPresent()) {
                        add(id, TestOutcome.Status.REFUSED, refusal.get(), t);
                    } else {
                        add(id, TestOutcome.Status.FAILED, describe(t), t);
                    }
                }
            }
        }

        /**
         * The store's verdict, if {@code t} or anything it carries (causes, suppressed: a worker thread's failure
         * arrives either way) is an operation the store's verdict refused.
         */
        private static Optional<String> storeRefusal(Throwable t, Set<Throwable> seen) {
            if (t == null || !seen.add(t)) {
                return Optional.empty();
            }
            if (t instanceof UnsupportedByBackendException u && u.storeVerdict().isPresent()) {
                return u.storeVerdict();
            }
            // an assertion that expected another exception quotes the refusal it got instead
            Optional<String> quoted = UnsupportedByBackendException.storeVerdictIn(t.getMessage());
            if (quoted.isPresent()) {
                return quoted;
            }
            Optional<String> found = storeRefusal(t.getCause(), seen);
            for (Throwable s : t.getSuppressed()) {
                found = found.or(() -> storeRefusal(s, seen));
            }
            return found;
        }

        /** The failure and every cause under it, on one line: a worker thread's exception is often the cause. */
        static String describe(Throwable t) {
            StringBuilder sb = new StringBuilder();
            Set<Throwable> seen = new HashSet<>();
            for (Throwable c = t; c != null && seen.add(c); c = c.getCause()) {
                String m = c.getMessage() == null ? c.getClass().getName() : c.getClass().getSimpleName() + ": " + c.getMessage();
                if (c != t) {
                    // a wrapper often repeats its cause as its message: say it once
                    if (sb.indexOf(m) >= 0) {
                        continue;
                    }
                    sb.append(" — caused by ");
                }
                sb.append(m);
                for (Throwable s : c.getSuppressed()) {
                    sb.append(" (also: ").append(s.getClass().getSimpleName()).append(": ").append(s.getMessage()).append(')');
                }
            }
            return sb.toString().replace('\n', ' ').trim();
        }

        private void add(TestIdentifier id, TestOutcome.Status status, String message, Throwable failure) {
            TestOutcome outcome = new TestOutcome(area(id), name(id), status, message, failure);
            outcomes.add(outcome);
            progress.accept(outcome);
        }

        /** The display name of the nested area class the test belongs to (the one directly in the suite). */
        private String area(TestIdentifier id) {
            for (TestIdentifier c = id, parent = parent(c); c != null; c = parent, parent = parent(c)) {
                if (isClass(c) && parent != null && isClass(parent) && !isClass(parent(parent))) {
                    return c.getDisplayName();
                }
            }
            return "suite";
        }

        private TestIdentifier parent(TestIdentifier id) {
            return id == null ? null : id.getParentIdObject().map(plan::getTestIdentifier).orElse(null);
        }

        private static boolean isClass(TestIdentifier id) {
            return id != null && id.getSource().map(s -> s instanceof ClassSource).orElse(false);
        }

        /** The test's name; for a parameterised case, the method's name and the case's. */
        private String name(TestIdentifier id) {
            TestIdentifier parent = parent(id);
            boolean parentIsMethod = parent != null && parent.getSource().map(s -> s instanceof MethodSource).orElse(false);
            return parentIsMethod ? parent.getDisplayName() + " " + id.getDisplayName() : id.getDisplayName();
        }
    }
}
