package io.vikingfs.bench.scenario;

import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.bench.baseline.LockedForceLog;
import io.vikingfs.bench.baseline.RawAppendLog;
import io.vikingfs.bench.harness.Env;
import io.vikingfs.bench.harness.Payloads;
import io.vikingfs.bench.harness.Result;
import io.vikingfs.bench.harness.Samples;
import io.vikingfs.bench.harness.Throughput;
import io.vikingfs.local.disk.CountingDisk;
import io.vikingfs.bench.store.LocalStore;
import org.apache.commons.io.FileUtils;
import org.apache.opendal.Operator;
import org.apache.opendal.WriteOptions;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Appends to one log on the real disk: durable with 16 threads and with 1, and non-durable with 1. */
public final class AppendScenarios {
    private static final VPath LOG = VPath.of("logs/transcript.jsonl");

    private AppendScenarios() {
    }

    /** Durable appends by 16 threads to one log, against lock + write + force per record. */
    public static final class Durable16 implements Scenario {
        @Override
        public String id() {
            return "append-durable-16";
        }

        @Override
        public List<Result> run(Env env) throws Exception {
            LocalStore ours = env.local("append-durable-16");
            Path base = env.freshDir("append-durable-16-base");
            try (LockedForceLog naive = new LockedForceLog(base.resolve("transcript.jsonl"))) {
                VikingFs fs = ours.fs();
                Throughput t = new Throughput(env.settings(), 16)
                        .add("ours", (th, i) -> fs.append(LOG, Payloads.RECORD, true))
                        .add("naive", (th, i) -> naive.append(Payloads.LINE));
                CountingDisk.Counts before = ours.counts();
                Map<String, Samples> s = t.run();
                String flushes = ours.flushesSince(before, t.totalOps("ours"), t.totalNanos("ours"));
                return List.of(Result.higher("durable append, 16 threads, one log (vs lock + write + force per record)",
                        s.get("ours").median(), s.get("naive").median(), "ops/s", 8.0,
                        Notes.join(Notes.spread(s, "ours", "naive"), flushes)));
            }
        }
    }

    /** Durable appends by one thread, against a raw channel, OpenDAL's fs service and commons-io. */
    public static final class Durable1 implements Scenario {
        @Override
        public String id() {
            return "append-durable-1";
        }

        @Override
        public List<Result> run(Env env) throws Exception {
            LocalStore ours = env.local("append-durable-1");
            Path base = env.freshDir("append-durable-1-base");
            Operator opendal = Operator.of("fs", Map.of("root", env.freshDir("append-durable-1-opendal").toString()));
            WriteOptions append = WriteOptions.builder().append(true).build();
            File commonsFile = env.freshDir("append-durable-1-commons").resolve("transcript.jsonl").toFile();
            try (RawAppendLog raw = new RawAppendLog(base.resolve("transcript.jsonl"), true); opendal) {
                VikingFs fs = ours.fs();
                Throughput t = new Throughput(env.settings(), 1)
                        .add("ours", (th, i) -> fs.append(LOG, Payloads.RECORD, true))
                        .add("raw", (th, i) -> raw.append(Payloads.LINE))
                        .add("opendal", (th, i) -> opendal.write("transcript.jsonl", Payloads.LINE, append))
                        .add("commons", (th, i) -> FileUtils.writeByteArrayToFile(commonsFile, Payloads.LINE, true));
                CountingDisk.Counts before = ours.counts();
                Map<String, Samples> s = t.run();
                String flushes = ours.flushesSince(before, t.totalOps("ours"), t.totalNanos("ours"));
                double o = s.get("ours").median();
                return List.of(
                        Result.higher("durable append, 1 thread (vs raw FileChannel write + force(false))",
                                o, s.get("raw").median(), "ops/s", 0.95,
                                Notes.join(Notes.spread(s, "ours", "raw"), flushes)),
                        Result.higher("durable append, 1 thread (vs OpenDAL fs append: open, write, fsync, close)",
                                o, s.get("opendal").median(), "ops/s", 1.0, Notes.spread(s, "ours", "opendal")),
                        Result.higher("durable append, 1 thread (vs commons-io writeByteArrayToFile append:"
                                        + " NOT durable)", o, s.get("commons").median(), "ops/s", null,
                                Notes.join(Notes.spread(s, "ours", "commons"),
                                        "commons-io never flushes, so this is not the same guarantee")));
            }
        }
    }

    /** Non-durable appends of 200-byte records by one thread, against a raw channel. */
    public static final class NonDurable1 implements Scenario {
        @Override
        public String id() {
            return "append-nondurable-1";
        }

        @Override
        public List<Result> run(Env env) throws Exception {
            LocalStore ours = env.local("append-nondurable-1");
            Path base = env.freshDir("append-nondurable-1-base");
            try (RawAppendLog raw = new RawAppendLog(base.resolve("transcript.jsonl"), false)) {
                VikingFs fs = ours.fs();
                Throughput t = new Throughput(env.settings(), 1)
                        .add("ours", (th, i) -> fs.append(LOG, Payloads.RECORD, false))
                        .add("raw", (th, i) -> raw.append(Payloads.LINE));
                CountingDisk.Counts before = ours.counts();
                Map<String, Samples> s = t.run();
                String flushes = ours.flushesSince(before, t.totalOps("ours"), t.totalNanos("ours"));
                return List.of(Result.higher("non-durable append, 1 thread, 200 B records (vs raw FileChannel append)",
                        s.get("ours").median(), s.get("raw").median(), "ops/s", 0.7,
                        Notes.join(Notes.spread(s, "ours", "raw"), flushes)));
            }
        }
    }
}
