package io.vikingfs.junit;

import io.vikingfs.memory.Faults;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes the injected store's disk fail (see {@link Faults}), to test the application's error handling: on a
 * {@code VikingFs}/{@code MemoryVikingFs} parameter, a test method or a class (the nearest wins), and on a
 * {@link CrashTest} method (its workload runs on the faulty disk; the post-crash states are opened on a healthy one).
 * Attributes left at their defaults inject nothing.
 */
@Target({ElementType.PARAMETER, ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface InjectFaults {
    /** The n-th flush (file or directory sync, from 1) fails: the call gets {@code DurabilityLostException}. */
    int failFlush() default 0;

    /** The disk holds this many bytes of writes; -1: unlimited. */
    long diskFullAfterBytes() default -1;

    /** The n-th file write (from 1) lands only {@link #shortWriteBytes()} bytes, then fails; 0: none. */
    int shortWrite() default 0;

    /** How many bytes the short write lands. */
    int shortWriteBytes() default 0;

}
