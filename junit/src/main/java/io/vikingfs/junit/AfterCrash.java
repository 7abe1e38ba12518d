package io.vikingfs.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A check run on every post-crash state of the {@link CrashTest} methods of its class: its parameters are a
 * {@code VikingFs} (the store reopened after the crash, recovery done) and, optionally, the {@link CrashContext}
 * (what the workload had done). It fails by throwing. With a {@link #value()}, it checks only the crash tests of
 * those method names.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface AfterCrash {
    /** The names of the {@link CrashTest} methods it checks; empty: all of its class. */
    String[] value() default {};
}
