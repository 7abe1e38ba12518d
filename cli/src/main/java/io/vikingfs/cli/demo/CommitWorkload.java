package io.vikingfs.cli.demo;

import io.vikingfs.DirEntry;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.WriteOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Staged commits: each generation of a small workspace tree is built in its own staging directory and switched
 * over {@code live} with {@code switchDirectory}, while reader threads keep reading the whole of {@code live}.
 *
 * <p>A reader brackets each tree read between two reads of {@code live/MANIFEST}. Generations only grow, so when
 * both reads name the same generation no switch happened in between, and every file read must belong to that
 * generation, with exactly that generation's file set: a mixed or partial tree is a violation. When they differ
 * the read spanned a switch and is counted, not judged (a multi-file read is not a snapshot).
 */
final class CommitWorkload {
    private static final String MANIFEST = "MANIFEST";

    private final VikingFs fs;
    private final VPath live;
    private final VPath workspace;
    private final DemoConfig config;
    private volatile boolean writerDone;
    final AtomicInteger switched = new AtomicInteger();
    final AtomicInteger reads = new AtomicInteger();
    final AtomicInteger wholeReads = new AtomicInteger();
    final AtomicInteger spanningReads = new AtomicInteger();
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());

    CommitWorkload(VikingFs fs, VPath base, DemoConfig config) {
        this.fs = fs;
        this.workspace = base.resolve("workspace");
        this.live = workspace.resolve("live");
        this.config = config;
    }

    /** Generation {@code g}'s tree: relative path → content. The file set changes from one generation to the next. */
    static Map<String, byte[]> tree(int g) {
        Map<String, byte[]> files = new TreeMap<>();
        List<String> names = new ArrayList<>(List.of("state.txt", "notes/summary.md"));
        for (int k = g % 4; k < g % 4 + 3; k++) {
            names.add("files/part-" + k + ".txt");
        }
        for (String name : names) {
            files.put(name, ("generation=" + g + "\npath=" + name + "\n" + "x".repeat(64 + 16 * (g % 5)) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        files.put(MANIFEST, ("generation=" + g + "\n").getBytes(StandardCharsets.UTF_8));
        return files;
    }

    /** Builds generation 0 and switches it in, so {@code live} exists before any reader starts. */
    void publishInitial() throws IOException {
        publish(0);
    }

    /** The writer: generations 1..N, each staged then switched in. */
    void runWriter() throws IOException {
        try {
            for (int g = 1; g <= config.generations(); g++) {
                publish(g);
            }
        } finally {
            writerDone = true;
        }
    }

    private void publish(int g) throws IOException {
        VPath staging = staging(g);
        for (Map.Entry<String, byte[]> f : tree(g).entrySet()) {
            // Staged files need not be durable one by one: the durable switch is the commit point.
            fs.atomicWrite(staging.resolve(f.getKey()), f.getValue(), WriteOptions.durable(false));
        }
        fs.switchDirectory(staging, live, true);
        switched.incrementAndGet();
    }

    /** A reader: reads the whole of {@code live} until the writer is done, then once more. */
    void runReader() {
        while (!writerDone) {
            readOnce();
        }
        readOnce();
    }

    private void readOnce() {
        reads.incrementAndGet();
        int before = manifestGeneration();
        if (before < 0) {
            return;
        }
        Map<String, byte[]> seen = new TreeMap<>();
        IOException failure = null;
        try (Stream<DirEntry> walk = fs.walk(live)) {
            for (DirEntry e : (Iterable<DirEntry>) walk::iterator) {
                if (!e.isDirectory()) {
                    seen.put(relative(e.path()), fs.read(e.path()));
                }
            }
        } catch (IOException e) {
            failure = e;
        } catch (UncheckedIOException e) {
            failure = e.getCause();
        }
        int after = manifestGeneration();
        if (after < 0) {
            return;
        }
        if (before != after) {
            // Spanned a switch: files of old generations may have been reclaimed under the reader. Not judged.
            spanningReads.incrementAndGet();
            return;
        }
        if (failure != null) {
            violation("reading live failed while it stayed at generation " + before + ": " + failure);
            return;
        }
        String mismatch = compare(tree(before), seen);
        if (mismatch != null) {
            violation("live at generation " + before + " was not that whole generation: " + mismatch);
            return;
        }
        wholeReads.incrementAndGet();
    }

    /**
     * The generation {@code live} holds now, or -1 (a violation, recorded) if its manifest cannot be read: a
     * reader must find {@code live} whole at every instant, switch or no switch.
     */
    private int manifestGeneration() {
        try {
            String text = new String(fs.read(live.resolve(MANIFEST)), StandardCharsets.UTF_8).trim();
            return Integer.parseInt(text.substring(text.indexOf('=') + 1));
        } catch (IOException | RuntimeException e) {
            violation("reading live/" + MANIFEST + " failed: " + e);
            return -1;
        }
    }

    List<Check> check() throws IOException {
        List<Check> checks = new ArrayList<>();
        String readerCheck = "readers only ever saw whole generations of live";
        if (config.readers() == 0) {
            checks.add(Check.skip(readerCheck, "no readers were asked for (--readers 0)"));
        } else {
            checks.add(Check.of(readerCheck, violations.isEmpty() && wholeReads.get() > 0,
                    violations.isEmpty() ? reads.get() + " tree reads: " + wholeReads.get() + " within one generation, "
                            + spanningReads.get() + " spanned a switch"
                            : violations.size() + " violations, first: " + violations.get(0)));
        }
        Map<String, byte[]> now = new TreeMap<>();
        try (Stream<DirEntry> walk = fs.walk(live)) {
            for (DirEntry e : (Iterable<DirEntry>) walk::iterator) {
                if (!e.isDirectory()) {
                    now.put(relative(e.path()), fs.read(e.path()));
                }
            }
        }
        String mismatch = compare(tree(config.generations()), now);
        checks.add(Check.of("live equals the last staged tree (generation " + config.generations() + ")",
                mismatch == null, mismatch == null ? now.size() + " files, byte for byte" : mismatch));
        List<String> leftover = new ArrayList<>();
        for (int g = 0; g <= config.generations(); g++) {
            if (fs.exists(staging(g))) {
                leftover.add(staging(g).toString());
            }
        }
        checks.add(Check.of("every staging directory is gone after its switch", leftover.isEmpty(),
                leftover.isEmpty() ? (config.generations() + 1) + " staged trees" : "still present: " + leftover));
        return checks;
    }

    String describe() {
        return (config.generations() + 1) + " trees staged and switched over " + live + " (" + switched.get()
                + " switches) while " + config.readers() + " readers read it " + reads.get() + " times";
    }

    private VPath staging(int g) {
        return workspace.resolve("staging-" + g);
    }

    private String relative(VPath p) {
        return String.join("/", p.segments().subList(live.segments().size(), p.segments().size()));
    }

    private void violation(String what) {
        violations.add(what);
    }

    /** Null if {@code actual} is exactly {@code expected}; otherwise the first difference. */
    private static String compare(Map<String, byte[]> expected, Map<String, byte[]> actual) {
        if (!expected.keySet().equals(actual.keySet())) {
            return "files " + actual.keySet() + ", expected " + expected.keySet();
        }
        for (Map.Entry<String, byte[]> e : expected.entrySet()) {
            if (!Arrays.equals(e.getValue(), actual.get(e.getKey()))) {
                return e.getKey() + " holds " + firstLine(actual.get(e.getKey())) + ", expected "
                        + firstLine(e.getValue());
            }
        }
        return null;
    }

    private static String firstLine(byte[] content) {
        String s = new String(content, StandardCharsets.UTF_8);
        int nl = s.indexOf('\n');
        return "'" + (nl < 0 ? s : s.substring(0, nl)) + "'";
    }
}
