package io.vikingfs.junit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test whose method is a workload to crash-test: it receives a {@code VikingFs} (and, if it wants, the
 * {@link Checkpoints} to mark), runs once on a store whose every primitive step is a crash point, and the
 * {@link AfterCrash} methods of its class are run on every post-crash state the chosen models allow (see
 * {@link CrashTester}, which this is the annotation form of). The test fails with the report of the first failing
 * state; the counts of crash points and states checked are printed and published as a report entry
 * ({@code vikingfs.crash}).
 *
 * <p>{@code -Dvikingfs.crash.replay=seed:point:state} (as a report prints it) checks only that state.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Test
@ExtendWith(VikingFsExtension.class)
public @interface CrashTest {
    /** The crash models explored (both by default). */
    CrashModel[] models() default {CrashModel.PROCESS_CRASH, CrashModel.POWER_LOSS};

    /** The budget of states checked; 0 means {@link CrashTester#DEFAULT_MAX_STATES}. */
    long maxStates() default 0;

    /** The seed, as a number; empty means {@link CrashTester#DEFAULT_SEED}. */
    String seed() default "";

    /** A replay token ({@code seed:point:state}) to check only that state; empty means explore. */
    String replay() default "";
}
