package io.vikingfs.local;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A sweep is due past the bound, and past twice what the last sweep kept: never at every addition. */
class SweepBoundTest {
    @Test
    void dueOnlyPastTheBound_andPastTwiceWhatTheLastSweepKept() {
        SweepBound bound = new SweepBound(1024);
        assertThat(bound.due(1024)).isFalse();
        assertThat(bound.due(1025)).isTrue();
        bound.swept(3); // most entries were idle
        assertThat(bound.due(1024)).isFalse();
        assertThat(bound.due(1025)).isTrue();
        bound.swept(1500); // most stayed (in use, or failed syncs kept for good)
        assertThat(bound.due(1501)).as("right after a sweep that kept 1,500").isFalse();
        assertThat(bound.due(3000)).isFalse();
        assertThat(bound.due(3001)).isTrue();
    }
}
