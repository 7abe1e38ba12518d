package io.vikingfs.trials;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Smaller values to try in place of a failing one, so that a failure is reported on the smallest input that still
 * fails. {@link Trials} keeps the first candidate that fails and asks again from it, until none fails.
 *
 * @param <T> the generated value
 */
@FunctionalInterface
public interface Shrink<T> {

    /** Candidates smaller than {@code value}, the smallest first; empty when there is nothing smaller. */
    Stream<T> candidates(T value);

    /** No shrinking: the failing value is reported as generated. */
    static <T> Shrink<T> none() {
        return value -> Stream.empty();
    }

    /** Only the candidates that {@code valid} accepts (a shorter string may break what the generator ensured). */
    default Shrink<T> filter(Predicate<? super T> valid) {
        return value -> candidates(value).filter(valid);
    }

    /**
     * For a string: its shorter prefixes (shortest first), then the string without one of its characters; a
     * surrogate pair counts as one character and is never split.
     */
    static Shrink<String> string() {
        return s -> {
            int[] cps = s.codePoints().toArray();
            Stream<String> prefixes = IntStream.range(0, cps.length).mapToObj(n -> new String(cps, 0, n));
            Stream<String> withoutOne = IntStream.range(0, cps.length - 1).mapToObj(i -> {
                StringBuilder b = new StringBuilder(s.length());
                for (int j = 0; j < cps.length; j++) {
                    if (j != i) {
                        b.appendCodePoint(cps[j]);
                    }
                }
                return b.toString();
            });
            return cps.length <= 1 ? Stream.empty() : Stream.concat(prefixes, withoutOne);
        };
    }

    /** Every smaller int from {@code min} up to the value, smallest first (a history's length, a count). */
    static Shrink<Integer> downTo(int min) {
        return n -> IntStream.range(min, n).boxed();
    }

    /**
     * For a list: its shorter prefixes (shortest first), then the list without one element, then the list with one
     * element replaced by one of its own shrink candidates.
     */
    static <E> Shrink<List<E>> list(Shrink<E> element) {
        return list -> {
            Stream<List<E>> prefixes = IntStream.range(0, list.size()).mapToObj(n -> List.copyOf(list.subList(0, n)));
            Stream<List<E>> withoutOne = IntStream.range(0, list.size()).mapToObj(i -> {
                List<E> shorter = new ArrayList<>(list);
                shorter.remove(i);
                return List.copyOf(shorter);
            });
            Stream<List<E>> oneSmaller = IntStream.range(0, list.size()).boxed()
                    .flatMap(i -> element.candidates(list.get(i)).map(e -> {
                        List<E> changed = new ArrayList<>(list);
                        changed.set(i, e);
                        return List.copyOf(changed);
                    }));
            return Stream.of(prefixes, withoutOne, oneSmaller).flatMap(s -> s);
        };
    }
}
