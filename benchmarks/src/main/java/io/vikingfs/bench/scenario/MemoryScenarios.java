package io.vikingfs.bench.scenario;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.WriteOptions;
import io.vikingfs.bench.baseline.RawAppendLog;
import io.vikingfs.bench.baseline.TempRenameWriter;
import io.vikingfs.bench.harness.Env;
import io.vikingfs.bench.harness.Op;
import io.vikingfs.bench.harness.Payloads;
import io.vikingfs.bench.harness.Result;
import io.vikingfs.bench.harness.Samples;
import io.vikingfs.bench.harness.Throughput;
import io.vikingfs.local.disk.CountingDisk;
import io.vikingfs.local.LocalOptions;
import io.vikingfs.local.LocalVikingFs;
import io.vikingfs.local.disk.NioDisk;
import org.apache.opendal.Operator;

import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The in-memory backend ({@code MemoryVikingFs}: the local protocols over the crash-recording disk over Jimfs),
 * with the API's default (durable), against raw Jimfs; OpenDAL's {@code memory} service as an extra column. A
 * diagnostic contender — the same local protocols on Jimfs WITHOUT the crash recorder — splits our cost between
 * the protocols and the crash model.
 */
public final class MemoryScenarios implements Scenario {
    private static final VPath LOG = VPath.of("logs/transcript.jsonl");
    private static final VPath DOC = VPath.of("registry/sessions.json");
    /**
     * Logs live in the heap here: each contender starts a new log every ROLL records (the deletion is amortised
     * to nothing) so a fast contender cannot fill the heap and slow itself down with GC.
     */
    private static final long ROLL = 20_000;
    /**
     * The Jimfs configuration of the memory store (backend-memory's JimfsStores): the attribute views the local
     * protocols use (POSIX permissions, link counts). Each view adds work to every file created — a raw temp +
     * rename cost 1.9 us on Jimfs's default configuration and 2.3 us on this one — so the diagnostic contender runs
     * on it, and an info row compares with the hand-written write on it.
     */
    private static final Configuration STORE_CONFIGURATION = Configuration.unix().toBuilder()
            .setAttributeViews("basic", "owner", "posix", "unix")
            .build();

    @Override
    public String id() {
        return "memory";
    }

    @Override
    public List<Result> run(Env env) throws Exception {
        VikingFs ours = env.memory();
        try (FileSystem jimfs = Jimfs.newFileSystem(Configuration.unix());
             FileSystem storeLike = Jimfs.newFileSystem(STORE_CONFIGURATION);
             Operator opendal = Operator.of("memory", Map.of())) {
            Path dir = Files.createDirectories(jimfs.getPath("/bench"));
            CountingDisk plainDisk = new CountingDisk(new NioDisk(Files.createDirectories(storeLike.getPath("/plain"))));
            VikingFs plain = env.register(LocalVikingFs.open(plainDisk, LocalOptions.DEFAULT));
            List<Result> out = new ArrayList<>();
            Path jimfsLog = dir.resolve("transcript.jsonl");
            RawAppendLog[] raw = {new RawAppendLog(jimfsLog, false)};
            long[] rawCount = new long[1];
            try {
                CountingDisk.Counts before = plainDisk.counts();
                Throughput t = new Throughput(env.settings(), 1);
                Map<String, Samples> s = t
                        .add("ours", rollingAppend(ours))
                        .add("plain", rollingAppend(plain))
                        .add("jimfs", (th, i) -> {
                            if (++rawCount[0] % ROLL == 0) {
                                raw[0].close();
                                Files.delete(jimfsLog);
                                raw[0] = new RawAppendLog(jimfsLog, false);
                            }
                            raw[0].append(Payloads.LINE);
                        })
                        .run();
                out.add(Result.higher("memory backend append, 1 thread, durable (vs raw Jimfs FileChannel append)",
                        s.get("ours").median(), s.get("jimfs").median(), "ops/s", 0.3,
                        Notes.spread(s, "ours", "jimfs")));
                out.add(Result.higher("diagnostic: local protocols on Jimfs without the crash recorder, append"
                                + " (vs raw Jimfs; plain on the store's Jimfs configuration)", s.get("plain").median(), s.get("jimfs").median(), "ops/s", null,
                        Notes.join(Notes.spread(s, "plain", "jimfs"),
                                "plain: " + plainDisk.counts().minus(before).perOp(t.totalOps("plain")))));
            } finally {
                raw[0].close();
            }
            try (TempRenameWriter naive = new TempRenameWriter(dir, false, false);
                 TempRenameWriter naiveStoreLike = new TempRenameWriter(
                         Files.createDirectories(storeLike.getPath("/bench")), false, false)) {
                CountingDisk.Counts before = plainDisk.counts();
                Throughput t = new Throughput(env.settings(), 1);
                Map<String, Samples> s = t
                        .add("ours", (th, i) -> ours.atomicWrite(DOC, Payloads.DOC_4K, WriteOptions.DEFAULT))
                        .add("plain", (th, i) -> plain.atomicWrite(DOC, Payloads.DOC_4K, WriteOptions.DEFAULT))
                        .add("jimfs", (th, i) -> naive.write("sessions.json", Payloads.DOC_4K))
                        .add("jimfs-store-config", (th, i) -> naiveStoreLike.write("sessions.json", Payloads.DOC_4K))
                        .add("opendal", (th, i) -> opendal.write("sessions.json", Payloads.DOC_4K))
                        .run();
                out.add(Result.higher("memory backend atomicWrite 4 KiB, durable (vs Jimfs temp + rename)",
                        s.get("ours").median(), s.get("jimfs").median(), "ops/s", 0.5,
                        Notes.spread(s, "ours", "jimfs")));
                out.add(Result.higher("memory backend atomicWrite 4 KiB, durable (vs Jimfs temp + rename, on the"
                                + " store's Jimfs configuration)", s.get("ours").median(),
                        s.get("jimfs-store-config").median(), "ops/s", null,
                        Notes.spread(s, "ours", "jimfs-store-config")));
                out.add(Result.higher("memory backend atomicWrite 4 KiB, durable (vs OpenDAL memory write)",
                        s.get("ours").median(), s.get("opendal").median(), "ops/s", null,
                        Notes.spread(s, "ours", "opendal")));
                out.add(Result.higher("diagnostic: local protocols on Jimfs without the crash recorder, atomicWrite"
                                + " (vs Jimfs temp + rename, both on the store's Jimfs configuration)",
                        s.get("plain").median(), s.get("jimfs-store-config").median(),
                        "ops/s", null, Notes.join(Notes.spread(s, "plain", "jimfs-store-config"),
                                "plain: " + plainDisk.counts().minus(before).perOp(t.totalOps("plain")))));
            }
            out.add(largeDirectory(ours, env));
            return out;
        }
    }

    /**
     * Durable atomic writes in a directory of {@link #LARGE_DIRECTORY} files against the same in an empty one: a
     * directory's sync in the crash recorder once copied all its entries (167 us a write at 10,000, 4.6 us at none).
     */
    private static Result largeDirectory(VikingFs ours, Env env) throws Exception {
        for (int i = 0; i < LARGE_DIRECTORY; i++) {
            ours.atomicWrite(VPath.of("large/s" + i + ".json"), Payloads.LINE, WriteOptions.DEFAULT);
        }
        VPath inLarge = VPath.of("large/sessions.json");
        VPath inEmpty = VPath.of("empty/sessions.json");
        Map<String, Samples> s = new Throughput(env.settings(), 1)
                .add("large", (th, i) -> ours.atomicWrite(inLarge, Payloads.DOC_4K, WriteOptions.DEFAULT))
                .add("empty", (th, i) -> ours.atomicWrite(inEmpty, Payloads.DOC_4K, WriteOptions.DEFAULT))
                .run();
        return Result.higher("memory backend atomicWrite 4 KiB, durable, in a directory of 10,000 files (vs in an"
                        + " empty directory)", s.get("large").median(), s.get("empty").median(), "ops/s", null,
                Notes.spread(s, "large", "empty"));
    }

    private static final int LARGE_DIRECTORY = 10_000;

    /** Durable appends to {@link #LOG} of {@code fs}, starting a new log every {@link #ROLL} records. */
    private static Op rollingAppend(VikingFs fs) {
        long[] count = new long[1];
        return (th, i) -> {
            if (++count[0] % ROLL == 0) {
                fs.delete(LOG);
            }
            fs.append(LOG, Payloads.RECORD, true);
        };
    }
}
