package io.vikingfs.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Fills the injected store, before the test, with the files of a folder of the test class path
 * ({@code src/test/resources/<value>}): each file becomes a durable file at the same relative path, each empty
 * folder a directory. On a parameter, a method or a class (the nearest wins). For a {@link CrashTest}, it is what
 * the store held before the workload (no crash points). A folder that does not exist fails the test before it runs.
 */
@Target({ElementType.PARAMETER, ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface StoreContent {
    /** The folder, relative to the class path root ({@code "fixtures/sessions"}). */
    String value();
}
