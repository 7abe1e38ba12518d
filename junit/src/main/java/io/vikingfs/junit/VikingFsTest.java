package io.vikingfs.junit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Registers {@link VikingFsExtension} on a test class: each test gets a fresh in-memory store as a
 * {@code VikingFs} or {@code MemoryVikingFs} parameter, closed after it; {@link CrashTest} methods are explored at
 * every crash point.
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(VikingFsExtension.class)
public @interface VikingFsTest {
}
