package io.vikingfs.bench.scenario;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.WriteOptions;
import io.vikingfs.bench.baseline.RawAppendLog;
import io.vikingfs.bench.baseline.TempRenameWriter;
import io.vikingfs.bench.harness.Env;
import io.vikingfs.bench.harness.Payloads;
import io.vikingfs.bench.harness.Result;
import io.vikingfs.bench.harness.Samples;
import io.vikingfs.bench.harness.Throughput;
import org.apache.opendal.Operator;

import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The in-memory backend (Jimfs underneath, with the crash simulator's bookkeeping) against raw Jimfs, and
 * OpenDAL's {@code memory} service as an extra column. Ours is measured with the API's default (durable) and
 * without durability: in memory "durable" costs bookkeeping, not a flush.
 */
public final class MemoryScenarios implements Scenario {
    private static final VPath LOG = VPath.of("logs/transcript.jsonl");
    private static final VPath LOG_ND = VPath.of("logs/transcript-nd.jsonl");
    private static final long ROLL = 20_000;
    private static final VPath DOC = VPath.of("registry/sessions.json");

    @Override
    public String id() {
        return "memory";
    }

    @Override
    public List<Result> run(Env env) throws Exception {
        VikingFs ours = env.memory();
        try (FileSystem jimfs = Jimfs.newFileSystem(Configuration.unix());
             Operator opendal = Operator.of("memory", Map.of())) {
            Path dir = Files.createDirectories(jimfs.getPath("/bench"));
            List<Result> out = new java.util.ArrayList<>();
            // Logs live in the heap here: each contender starts a new log every ROLL records (the deletion is
            // amortised to nothing) so a fast contender cannot fill the heap and slow itself down with GC.
            Path jimfsLog = dir.resolve("transcript.jsonl");
            RawAppendLog[] raw = {new RawAppendLog(jimfsLog, false)};
            long[] counts = new long[3];
            try {
                Map<String, Samples> s = new Throughput(env.settings(), 1)
                        .add("ours", (th, i) -> {
                            if (++counts[0] % ROLL == 0) {
                                ours.delete(LOG);
                            }
                            ours.append(LOG, Payloads.RECORD, true);
                        })
                        .add("ours-nd", (th, i) -> {
                            if (++counts[1] % ROLL == 0) {
                                ours.delete(LOG_ND);
                            }
                            ours.append(LOG_ND, Payloads.RECORD, false);
                        })
                        .add("jimfs", (th, i) -> {
                            if (++counts[2] % ROLL == 0) {
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
                out.add(Result.higher("memory backend append, 1 thread, non-durable (vs raw Jimfs FileChannel append)",
                        s.get("ours-nd").median(), s.get("jimfs").median(), "ops/s", null,
                        Notes.spread(s, "ours-nd", "jimfs")));
            } finally {
                raw[0].close();
            }
            try (TempRenameWriter naive = new TempRenameWriter(dir, false, false)) {
                Map<String, Samples> s = new Throughput(env.settings(), 1)
                        .add("ours", (th, i) -> ours.atomicWrite(DOC, Payloads.DOC_4K, WriteOptions.DEFAULT))
                        .add("ours-nd", (th, i) -> ours.atomicWrite(DOC, Payloads.DOC_4K, WriteOptions.durable(false)))
                        .add("jimfs", (th, i) -> naive.write("sessions.json", Payloads.DOC_4K))
                        .add("opendal", (th, i) -> opendal.write("sessions.json", Payloads.DOC_4K))
                        .run();
                out.add(Result.higher("memory backend atomicWrite 4 KiB, durable (vs Jimfs temp + rename)",
                        s.get("ours").median(), s.get("jimfs").median(), "ops/s", 0.5,
                        Notes.spread(s, "ours", "jimfs")));
                out.add(Result.higher("memory backend atomicWrite 4 KiB, non-durable (vs Jimfs temp + rename)",
                        s.get("ours-nd").median(), s.get("jimfs").median(), "ops/s", null,
                        Notes.spread(s, "ours-nd", "jimfs")));
                out.add(Result.higher("memory backend atomicWrite 4 KiB, durable (vs OpenDAL memory write)",
                        s.get("ours").median(), s.get("opendal").median(), "ops/s", null,
                        Notes.spread(s, "ours", "opendal")));
            }
            return out;
        }
    }
}
