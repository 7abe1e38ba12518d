package io.vikingfs.object;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The memory a compaction reads this client's own log objects from ({@link StoredBodies}): a body is given back
 * only for the ETag it was stored with; bodies over {@link StoredBodies#MAX_BODY} are not kept; beyond
 * {@link StoredBodies#MAX_TOTAL} bytes everything is dropped at once — and what was replaced or forgotten no
 * longer counts toward that bound.
 */
class StoredBodiesTest {
    private static final int FULL = (int) (StoredBodies.MAX_TOTAL / StoredBodies.MAX_BODY);

    private static byte[] body(int size) {
        return new byte[size];
    }

    @Test
    void aBodyIsGivenBackOnlyForItsETag_andOnlyUpToTheLargestKept() {
        StoredBodies bodies = new StoredBodies();
        byte[] largest = body(StoredBodies.MAX_BODY);
        bodies.stored("k", "e1", largest);
        assertThat(bodies.get("k", "e1")).isSameAs(largest);
        assertThat(bodies.get("k", "e2")).as("another object at the same key").isNull();
        bodies.stored("big", "e", body(StoredBodies.MAX_BODY + 1));
        assertThat(bodies.get("big", "e")).isNull();
        bodies.stored("none", null, body(1));
        assertThat(bodies.get("none", "e")).isNull();
    }

    @Test
    void upToTheBoundEverythingIsKept_beyondItEverythingIsDropped() {
        StoredBodies bodies = new StoredBodies();
        for (int i = 0; i < FULL; i++) {
            bodies.stored("k" + i, "e", body(StoredBodies.MAX_BODY));
        }
        assertThat(bodies.get("k0", "e")).as("exactly MAX_TOTAL bytes").isNotNull();
        bodies.stored("one-more", "e", body(1));
        assertThat(bodies.get("k0", "e")).isNull();
        assertThat(bodies.get("k" + (FULL - 1), "e")).isNull();
        assertThat(bodies.get("one-more", "e")).as("the body that overflowed is kept").isNotNull();
        for (int i = 0; i < FULL - 1; i++) {
            bodies.stored("m" + i, "e", body(StoredBodies.MAX_BODY));
        }
        assertThat(bodies.get("one-more", "e")).as("counted from the drop on: 1 byte + (FULL - 1) bodies fit")
                .isNotNull();
    }

    @Test
    void aReplacedOrForgottenBody_noLongerCountsTowardTheBound() {
        StoredBodies bodies = new StoredBodies();
        for (int i = 0; i < FULL; i++) {
            bodies.stored("same", "e" + i, body(StoredBodies.MAX_BODY)); // one key stored again and again
        }
        for (int i = 1; i < FULL; i++) {
            bodies.stored("k" + i, "e", body(StoredBodies.MAX_BODY));
        }
        assertThat(bodies.get("same", "e" + (FULL - 1))).as("only its last body counts").isNotNull();
        bodies.forget("k1");
        assertThat(bodies.get("k1", "e")).isNull();
        bodies.stored("after-forget", "e", body(StoredBodies.MAX_BODY));
        assertThat(bodies.get("k2", "e")).as("the forgotten body's bytes were freed").isNotNull();
        bodies.forget("never-stored"); // nothing to free
        bodies.stored("x", "e", body(1));
        assertThat(bodies.get("x", "e")).isNotNull();
        assertThat(bodies.get("k2", "e")).as("4 MiB + 1 byte: over the bound, all dropped").isNull();
    }
}
