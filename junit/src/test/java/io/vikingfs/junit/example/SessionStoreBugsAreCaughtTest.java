package io.vikingfs.junit.example;

import io.vikingfs.junit.example.AgentSessionStore.Bug;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

/**
 * Each of the six application-level crash bugs of {@link AgentSessionStore} is caught by the crash test that
 * exercises it, run through the JUnit Platform (EngineTestKit, parallel execution off), with a report that names
 * the crash point, the call in flight and the broken invariant. The same tests pass on the corrected store
 * ({@link CorrectSessionStoreCrashTest}; with parallel execution on in {@code CrashTestParallelExecutionTest}).
 */
class SessionStoreBugsAreCaughtTest {
    /** The scenarios on a store with one bug (not run by surefire: nested classes are run through the kit). */
    abstract static class Broken extends SessionStoreScenarios {
        private final Bug bug;

        Broken(Bug bug) {
            this.bug = bug;
        }

        @Override
        Set<Bug> bugs() {
            return EnumSet.of(bug);
        }
    }

    static class RegistryNotDurable extends Broken {
        RegistryNotDurable() {
            super(Bug.REGISTRY_NOT_DURABLE);
        }
    }

    static class TurnAcknowledgedBeforeDurable extends Broken {
        TurnAcknowledgedBeforeDurable() {
            super(Bug.TURN_ACKNOWLEDGED_BEFORE_DURABLE);
        }
    }

    static class TwoFileCommit extends Broken {
        TwoFileCommit() {
            super(Bug.TWO_FILE_COMMIT);
        }
    }

    static class RecoveryAssumesCursor extends Broken {
        RecoveryAssumesCursor() {
            super(Bug.RECOVERY_ASSUMES_CURSOR);
        }
    }

    static class RegistryDeletedBeforeRewrite extends Broken {
        RegistryDeletedBeforeRewrite() {
            super(Bug.REGISTRY_DELETED_BEFORE_REWRITE);
        }
    }

    static class IdCounterNotDurable extends Broken {
        IdCounterNotDurable() {
            super(Bug.ID_COUNTER_NOT_DURABLE);
        }
    }

    static Stream<Arguments> bugs() {
        return Stream.of(
                Arguments.of(RegistryNotDurable.class, "conversation", List.of("power loss",
                        "the registry lists session s2, whose transcript survived", "call in flight:   #",
                        "append(sessions/s2/transcript.jsonl")),
                Arguments.of(TurnAcknowledgedBeforeDurable.class, "conversation", List.of("power loss",
                        "turn 'hello' of s1 was acknowledged before the crash")),
                Arguments.of(TwoFileCommit.class, "summaries", List.of(
                        "the committed summary of s1 (version 1) agrees with its metadata (version -1)",
                        "atomicWrite(sessions/s1/commit/summary.md")),
                Arguments.of(RecoveryAssumesCursor.class, "conversation", List.of(
                        "sessions/s1/cursor: no such file", "append(sessions/s1/transcript.jsonl")),
                Arguments.of(RegistryDeletedBeforeRewrite.class, "conversation", List.of("process crash",
                        "session s1 was registered before the crash", ": deleteIfExists(registry.txt)")),
                Arguments.of(IdCounterNotDurable.class, "conversation", List.of("power loss",
                        "the id s1 given to a new session after the restart is already used")));
    }

    @ParameterizedTest(name = "{0} is caught by {1}")
    @MethodSource("bugs")
    void eachBug_isCaught_withAReportNamingTheCrashPoint(Class<?> broken, String crashTest, List<String> expected) {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "false")
                .selectors(selectMethod(broken, crashTest, "io.vikingfs.VikingFs, io.vikingfs.junit.Checkpoints"))
                .execute();
        List<Event> failed = results.testEvents().failed().list();
        assertThat(failed).as("%s#%s must fail", broken.getSimpleName(), crashTest).hasSize(1);
        Throwable t = failed.get(0).getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
        System.out.println(t.getMessage());
        assertThat(t).isInstanceOf(io.vikingfs.junit.CrashTestFailure.class)
                .hasMessageContaining("crash test '" + broken.getSimpleName() + "#" + crashTest + "' failed at crash point ")
                .hasMessageContaining("primitive step:")
                .hasMessageContaining("survived (after recovery):")
                .hasMessageContaining("-Dvikingfs.crash.replay=");
        for (String e : expected) {
            assertThat(t.getMessage()).contains(e);
        }
    }
}
