package io.vikingfs.trials;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class TrialsTest {
    private static final Pattern SEED = Pattern.compile("seed (-?\\d+)");

    @AfterEach
    void clearProperties() {
        System.clearProperty(Trials.SEED);
        System.clearProperty(Trials.TRIES);
        System.clearProperty(Trials.BASE_SEED);
    }

    private static List<Integer> ints(Random rnd) {
        List<Integer> list = new ArrayList<>();
        int size = rnd.nextInt(12);
        for (int i = 0; i < size; i++) {
            list.add(rnd.nextInt(1000));
        }
        return list;
    }

    private static final Shrink<List<Integer>> SMALLER = Shrink.list(Shrink.downTo(0));

    @Test
    void passingProperty_runsEveryTry_andTheTriesPropertyScalesThem() {
        AtomicInteger calls = new AtomicInteger();
        Trials.of(25).check(rnd -> calls.incrementAndGet());
        assertThat(calls).hasValue(25);

        System.setProperty(Trials.TRIES, "60");
        Trials.of(25).check(rnd -> calls.incrementAndGet());
        assertThat(calls).hasValue(85);
    }

    @Test
    void failure_namesTheTrySeedAndTheReplayCommand_andShrinksToTheSmallestFailingValue() {
        AssertionError e = catchThrowableOfType(AssertionError.class, () -> Trials.of(200).check(TrialsTest::ints,
                SMALLER, list -> assertThat(list).allMatch(n -> n < 500)));

        assertThat(e.getMessage())
                .contains("TrialsTest#failure_namesTheTrySeedAndTheReplayCommand_andShrinksToTheSmallestFailingValue failed on try")
                .contains("smallest failing value", ": [500]")
                .contains("replay exactly this try: mvn -B -pl core -am test "
                        + "-Dtest='TrialsTest#failure_namesTheTrySeedAndTheReplayCommand_andShrinksToTheSmallestFailingValue' "
                        + "-Dsurefire.failIfNoSpecifiedTests=false -Dvikingfs.seed=");
        assertThat(e.getCause()).isInstanceOf(AssertionError.class);
    }

    @Test
    void theSeedPrinted_replaysExactlyThatTry() {
        AssertionError first = catchThrowableOfType(AssertionError.class, () -> Trials.of(200).check(TrialsTest::ints,
                Shrink.none(), list -> assertThat(list).hasSizeLessThan(9)));
        Matcher m = SEED.matcher(first.getMessage());
        assertThat(m.find()).as(first.getMessage()).isTrue();
        String generated = first.getMessage().lines().filter(l -> l.contains("generated:")).findFirst().orElseThrow();

        System.setProperty(Trials.SEED, m.group(1));
        List<List<Integer>> seen = new ArrayList<>();
        AssertionError replayed = catchThrowableOfType(AssertionError.class, () -> Trials.of(200).check(
                TrialsTest::ints, Shrink.none(), list -> {
                    seen.add(list);
                    assertThat(list).hasSizeLessThan(9);
                }));

        assertThat(seen).as("one try only").hasSize(1);
        assertThat(replayed.getMessage()).contains("try 1 of 1, seed " + m.group(1)).contains(generated);
    }

    @Test
    void sameBaseSeed_sameValues() {
        System.setProperty(Trials.BASE_SEED, "42");
        List<List<Integer>> a = new ArrayList<>();
        List<List<Integer>> b = new ArrayList<>();
        Trials.of(20).check(TrialsTest::ints, Shrink.none(), a::add);
        Trials.of(20).check(TrialsTest::ints, Shrink.none(), b::add);
        assertThat(a).isEqualTo(b).doesNotHaveDuplicates();
    }

    @Test
    void anExceptionFails_asAnAssertionDoes() {
        assertThatThrownBy(() -> Trials.of(3).check(rnd -> {
            throw new java.io.IOException("disk on fire");
        })).isInstanceOf(AssertionError.class).hasMessageContaining("disk on fire").hasMessageContaining("try 1 of 3");
    }

    @Test
    void shrinkingStrings_neverSplitsASurrogatePair() {
        assertThat(Shrink.string().candidates("a\uD83D\uDE00b").toList()).containsExactly("", "a", "a\uD83D\uDE00",
                "\uD83D\uDE00b", "ab");
        assertThat(Trials.describe(List.of("\t\uD83D\uDE00", "a, \"b\""))).isEqualTo("[\"\\u0009\\uD83D\\uDE00\", \"a, \\\"b\\\"\"]");
    }
}
