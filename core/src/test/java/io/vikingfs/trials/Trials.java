package io.vikingfs.trials;

import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * A property checked on generated values, for plain JUnit 5 tests: {@code tries} values, each generated from a
 * {@link Random} seeded with a seed of its own, derived from a base seed. On the first failing value the runner
 * shrinks it (with the {@link Shrink} given) and throws an {@link AssertionError} naming the try's seed, the value
 * generated, the smallest failing value found and the exact command that replays that try.
 *
 * <p>System properties (pass them to Maven with {@code -D}; Surefire hands them to the test JVM):
 * <ul>
 *   <li>{@code vikingfs.seed=S}: run exactly one try, with seed {@code S} (the seed a failure printed);</li>
 *   <li>{@code vikingfs.tries=N}: run {@code N} tries instead of each property's own count (to search longer);</li>
 *   <li>{@code vikingfs.baseSeed=B}: derive the tries' seeds from {@code B} instead of a fresh base seed per run.</li>
 * </ul>
 * The base seed is fresh on every run, so each run explores new values; a failure is reproduced from its printed
 * seed, never by rerunning and hoping.
 */
public final class Trials {
    static final String SEED = "vikingfs.seed";
    static final String TRIES = "vikingfs.tries";
    static final String BASE_SEED = "vikingfs.baseSeed";
    /** At most this many candidates are tried while shrinking one failure. */
    private static final int SHRINK_BUDGET = 2_000;

    private final int tries;

    private Trials(int tries) {
        this.tries = tries;
    }

    /** A runner of {@code tries} tries per property (unless {@code -Dvikingfs.tries} says otherwise). */
    public static Trials of(int tries) {
        if (tries < 1) {
            throw new IllegalArgumentException("a property needs at least 1 try, not " + tries);
        }
        return new Trials(tries);
    }

    /** A check of one value: returns normally when the property holds, throws (an assertion) when it does not. */
    @FunctionalInterface
    public interface Property<T> {
        void check(T value) throws Exception;
    }

    /** Checks a property of the {@link Random} itself, for tests that generate as they go (no shrinking). */
    public void check(Property<Random> property) {
        run(Caller.find(), rnd -> rnd, Shrink.none(), property);
    }

    /** Checks {@code property} on values made by {@code generate}, shrinking a failing one with {@code shrink}. */
    public <T> void check(Function<Random, T> generate, Shrink<T> shrink, Property<T> property) {
        run(Caller.find(), generate, shrink, property);
    }

    private <T> void run(Caller caller, Function<Random, T> generate, Shrink<T> shrink, Property<T> property) {
        Long replay = Long.getLong(SEED);
        if (replay != null) {
            System.out.printf("%s: replaying the try with seed %d (-D%s)%n", caller, replay, SEED);
            tryOnce(caller, replay, 1, 1, generate, shrink, property);
            return;
        }
        int count = Integer.getInteger(TRIES, tries);
        long base = Long.getLong(BASE_SEED, ThreadLocalRandom.current().nextLong());
        System.out.printf("%s: %d tries from base seed %d%n", caller, count, base);
        for (int i = 0; i < count; i++) {
            tryOnce(caller, seedOfTry(base, i), i + 1, count, generate, shrink, property);
        }
    }

    /** The seed of try {@code i}: SplitMix64 of the base, so neighbouring tries get unrelated generators. */
    static long seedOfTry(long base, int i) {
        long z = base + (i + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static <T> void tryOnce(Caller caller, long seed, int number, int count, Function<Random, T> generate,
                                    Shrink<T> shrink, Property<T> property) {
        T value = generate.apply(new Random(seed));
        Throwable failure = failure(property, value);
        if (failure == null) {
            return;
        }
        T smallest = value;
        Throwable smallestFailure = failure;
        int steps = 0;
        int budget = SHRINK_BUDGET;
        boolean shrunk = true;
        while (shrunk && budget > 0) {
            shrunk = false;
            for (Iterator<T> it = shrink.candidates(smallest).iterator(); it.hasNext() && budget > 0; budget--) {
                T candidate = it.next();
                Throwable f = failure(property, candidate);
                if (f != null) {
                    smallest = candidate;
                    smallestFailure = f;
                    steps++;
                    shrunk = true;
                    break;
                }
            }
        }
        StringBuilder msg = new StringBuilder()
                .append(caller).append(" failed on try ").append(number).append(" of ").append(count)
                .append(", seed ").append(seed).append('\n')
                .append("  generated: ").append(describe(value)).append('\n');
        if (steps > 0) {
            msg.append("  smallest failing value (").append(steps).append(" shrink steps): ")
                    .append(describe(smallest)).append('\n');
        }
        msg.append("  failure: ").append(smallestFailure).append('\n')
                .append("  replay exactly this try: ").append(caller.replayCommand(seed));
        throw new AssertionError(msg.toString(), smallestFailure);
    }

    private static <T> Throwable failure(Property<T> property, T value) {
        try {
            property.check(value);
            return null;
        } catch (Exception | AssertionError e) {
            return e;
        }
    }

    /**
     * A value as text a terminal shows faithfully: strings quoted (also inside lists, so a record holding
     * {@code ", "} cannot pass for two), characters outside printable ASCII as {@code \\uXXXX}, so a control
     * character, a surrogate or a look-alike letter in a failing string can be read off the report.
     */
    static String describe(Object value) {
        String s = render(value);
        return s.length() <= 2_000 ? s : s.substring(0, 2_000) + "… (" + s.length() + " chars)";
    }

    private static String render(Object value) {
        if (value instanceof Random) {
            return "the try's Random (replay it by its seed)";
        }
        if (value instanceof List<?> list) {
            StringBuilder b = new StringBuilder("[");
            for (Object e : list) {
                b.append(b.length() > 1 ? ", " : "").append(render(e));
            }
            return b.append(']').toString();
        }
        if (value instanceof Record record) {
            StringBuilder b = new StringBuilder(record.getClass().getSimpleName()).append('[');
            for (RecordComponent c : record.getClass().getRecordComponents()) {
                try {
                    c.getAccessor().setAccessible(true);
                    b.append(b.charAt(b.length() - 1) == '[' ? "" : ", ").append(c.getName()).append('=')
                            .append(render(c.getAccessor().invoke(record)));
                } catch (ReflectiveOperationException e) {
                    return String.valueOf(record);
                }
            }
            return b.append(']').toString();
        }
        boolean quoted = value instanceof CharSequence;
        String s = String.valueOf(value);
        StringBuilder out = new StringBuilder(s.length() + 2).append(quoted ? "\"" : "");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted && (c == '"' || c == '\\')) {
                out.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7F) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04X", (int) c));
            }
        }
        return out.append(quoted ? "\"" : "").toString();
    }

    /** The test method that called the runner, for the report and the replay command. */
    private record Caller(String className, String method) {
        /**
         * The innermost JUnit test method on the stack (so a property run inside a lambda, say AssertJ's
         * {@code catchThrowable}, still names its test), else the runner's direct caller.
         */
        static Caller find() {
            List<StackWalker.StackFrame> frames = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
                    .walk(s -> s.filter(f -> f.getDeclaringClass().getNestHost() != Trials.class).toList());
            StackWalker.StackFrame frame = frames.stream().filter(Caller::isTestMethod).findFirst()
                    .orElse(frames.get(0));
            return new Caller(frame.getClassName(), frame.getMethodName());
        }

        private static boolean isTestMethod(StackWalker.StackFrame frame) {
            return Arrays.stream(frame.getDeclaringClass().getDeclaredMethods())
                    .filter(m -> m.getName().equals(frame.getMethodName()))
                    .anyMatch(m -> m.isAnnotationPresent(Test.class));
        }

        String replayCommand(long seed) {
            // Surefire runs the tests in the module's directory and sets basedir to it.
            Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).getFileName();
            return "mvn -B -pl " + module + " -am test -Dtest='" + simpleName() + "#" + method
                    + "' -Dsurefire.failIfNoSpecifiedTests=false -D" + SEED + "=" + seed;
        }

        private String simpleName() {
            return className.substring(className.lastIndexOf('.') + 1);
        }

        @Override
        public String toString() {
            return simpleName() + "#" + method;
        }
    }
}
