package io.vikingfs.bench.scenario;

import io.vikingfs.VPath;
import io.vikingfs.bench.harness.Env;
import io.vikingfs.bench.harness.Result;
import io.vikingfs.bench.harness.Samples;
import io.vikingfs.bench.store.LocalStore;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A durable {@code switchDirectory} of a large staged tree against what a developer writes by hand to publish
 * the same tree durably: fsync each file in turn, fsync each directory, rename the tree into place, fsync the
 * parent. Two rows: publishing under a new name (the target row: the flushes and the rename), and replacing a
 * live tree of the same size (ours reclaims the old generation inside the call; by hand the old tree is deleted
 * after the rename, timed). Rounds alternate between ours and the baseline. The staged tree (10,000 files, 100 per
 * subdirectory) is written with plain file I/O before each round, not measured.
 */
public final class SwitchFlushScenario implements Scenario {
    @Override
    public String id() {
        return "switch-flush";
    }

    @Override
    public List<Result> run(Env env) throws Exception {
        LocalStore store = env.local("switch-flush");
        Path handDir = env.freshDir("switch-flush-baseline");
        int n = env.settings().scaled(10_000, 1_000);
        int rounds = Math.max(3, env.settings().measuredRounds() / 2);
        VPath staged = VPath.of("staging");
        VPath live = VPath.of("live");
        SwitchDirectoryScenario.build(store.root(), staged, n);
        store.fs().switchDirectory(staged, live, true); // the first switch has nothing to reclaim: not measured
        SwitchDirectoryScenario.build(handDir, staged, n);
        handPublish(handDir, "live-0");
        List<Double> oursNew = new ArrayList<>();
        List<Double> handNew = new ArrayList<>();
        List<Double> oursReplace = new ArrayList<>();
        List<Double> handReplace = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            // Publishing under a new name: the flushes and the rename, nothing to reclaim.
            SwitchDirectoryScenario.build(store.root(), staged, n);
            VPath fresh = VPath.of("fresh-" + r);
            long t0 = System.nanoTime();
            store.fs().switchDirectory(staged, fresh, true);
            oursNew.add((System.nanoTime() - t0) / 1e6);
            store.fs().deleteRecursively(fresh);

            SwitchDirectoryScenario.build(handDir, staged, n);
            t0 = System.nanoTime();
            handPublish(handDir, "fresh");
            handNew.add((System.nanoTime() - t0) / 1e6);
            Env.deleteTree(handDir.resolve("fresh"));

            // Replacing the live tree: ours reclaims the old generation inside the call, by hand it is deleted.
            SwitchDirectoryScenario.build(store.root(), staged, n);
            t0 = System.nanoTime();
            store.fs().switchDirectory(staged, live, true);
            oursReplace.add((System.nanoTime() - t0) / 1e6);

            SwitchDirectoryScenario.build(handDir, staged, n);
            t0 = System.nanoTime();
            handPublish(handDir, "live-" + r);
            Env.deleteTree(handDir.resolve("live-" + (r - 1)));
            handReplace.add((System.nanoTime() - t0) / 1e6);
        }
        return List.of(row(String.format(Locale.ROOT,
                        "durable switchDirectory of %,d files to a new name vs fsync each file in turn + rename", n),
                        rounds, oursNew, handNew, 1 / 3.0),
                row(String.format(Locale.ROOT, "durable switchDirectory of %,d files replacing as many (old tree"
                        + " reclaimed) vs fsync each + rename + delete the old tree", n), rounds, oursReplace,
                        handReplace, null));
    }

    private static Result row(String name, int rounds, List<Double> ours, List<Double> hand, Double target) {
        Samples o = new Samples(ours);
        Samples h = new Samples(hand);
        return Result.lower(name, o.median(), h.median(), "ms", target, String.format(Locale.ROOT,
                "%d rounds; ours %.0f ms (spread %.0f%%), by hand %.0f ms (spread %.0f%%)", rounds,
                o.median(), o.spreadPercent(), h.median(), h.spreadPercent()));
    }

    /** The hand-written durable publish of {@code base/staging} as {@code base/name}. */
    private static void handPublish(Path base, String name) throws IOException {
        Path staging = base.resolve("staging");
        List<Path> dirs = new ArrayList<>();
        try (Stream<Path> all = Files.walk(staging)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (Files.isDirectory(p)) {
                    dirs.add(p);
                } else {
                    force(p, StandardOpenOption.WRITE);
                }
            }
        }
        for (Path d : dirs) {
            force(d, StandardOpenOption.READ);
        }
        Files.move(staging, base.resolve(name));
        force(base, StandardOpenOption.READ);
    }

    private static void force(Path p, StandardOpenOption mode) throws IOException {
        try (FileChannel ch = FileChannel.open(p, mode)) {
            ch.force(true);
        }
    }
}
