package io.vikingfs;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Versions compare by token, whether the token was given or is computed on first use. */
class VersionTest {
    @Test
    void aTokenIsNonEmptyAndPrintable() {
        assertThatThrownBy(() -> Version.of("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a version token must be non-empty and printable");
        assertThatThrownBy(() -> Version.of("a\nb")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Version.of("abc").token()).isEqualTo("abc");
    }

    @Test
    void aDeferredToken_isComputedOnceWhenFirstUsed_andComparesAsAGivenOne() {
        AtomicInteger calls = new AtomicInteger();
        Version deferred = Version.computedOnFirstUse(() -> {
            calls.incrementAndGet();
            return "abc";
        });
        assertThat(calls).as("not computed before it is used").hasValue(0);
        assertThat(deferred).isEqualTo(Version.of("abc")).hasSameHashCodeAs(Version.of("abc"));
        assertThat(Version.of("abc")).isEqualTo(deferred);
        assertThat(deferred.toString()).isEqualTo("abc");
        assertThat(deferred).isNotEqualTo(Version.computedOnFirstUse(() -> "abd"));
        assertThat(calls).as("computed once").hasValue(1);
        assertThat(deferred.hashCode()).as("versions spread as map keys: the token's hash, not a constant")
                .isNotEqualTo(Version.computedOnFirstUse(() -> "abd").hashCode());
    }

    @Test
    void aDeferredTokenThatIsNotPrintable_failsWhereItIsUsed() {
        Version bad = Version.computedOnFirstUse(() -> "");
        assertThatThrownBy(bad::token).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a version token must be non-empty and printable");
    }
}
