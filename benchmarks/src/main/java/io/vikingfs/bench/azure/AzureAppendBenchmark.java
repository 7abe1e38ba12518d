package io.vikingfs.bench.azure;

import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.azure.AzureObjectClient;
import io.vikingfs.azure.EmbeddedAzurite;
import io.vikingfs.bench.s3.S3AppendBenchmark;
import io.vikingfs.bench.s3.S3AppendBenchmark.Sample;
import io.vikingfs.object.ObjectStoreOptions;
import io.vikingfs.object.ObjectVikingFs;
import io.vikingfs.object.client.AppendableObjectClient;
import io.vikingfs.object.client.CountingObjectClient;
import io.vikingfs.object.client.PutMode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Issue #10's append benchmark on Azurite: the requests, bytes and time of the 1st and the Nth append to one log
 * — through the VikingFs API (the log in an append blob: {@code appendAll} of one record), as a bare Append Block
 * under the append-position condition, and as a read-modify-write of a block blob (GET the whole blob, PUT it back
 * with the record added) — measured in one run. Prints a table;
 * asserts nothing. Needs Node.js (Azurite is installed into the user's cache on first use).
 *
 * <p>Run: {@code java -cp benchmarks/target/vikingfs-bench.jar io.vikingfs.bench.azure.AzureAppendBenchmark [appends]}.
 * An append sends the record as the block body and receives headers only, whatever the blob's size; the counts
 * of the read-modify-write are CountingObjectClient's.
 */
public final class AzureAppendBenchmark {
    private AzureAppendBenchmark() {
    }

    private static String record(int i) {
        return S3AppendBenchmark.record(i);
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        try (EmbeddedAzurite azurite = EmbeddedAzurite.start(); AzureObjectClient c = azurite.client("bench")) {
            String log = "blob/sessions/s1/messages.jsonl";
            c.createAppendable(log, PutMode.CREATE);
            long[] length = {0};
            Sample first = timedAppend(c, log, record(1), length);
            for (int i = 2; i < n; i++) {
                length[0] = c.append(log, (record(i) + "\n").getBytes(StandardCharsets.UTF_8), length[0]).meta().size();
            }
            Sample last = timedAppend(c, log, record(n), length);

            // the same through the API: the protocol's requests (LIST, ranged GET, Append Block, …) counted
            CountingObjectClient counted = new CountingObjectClient(azurite.client("bench"));
            VPath apiLog = VPath.of("sessions/s1/messages.jsonl");
            Sample apiFirst;
            Sample apiLast;
            try (AzureObjectClient appendable = azurite.client("bench");
                 VikingFs fs = ObjectVikingFs.open(counted.withAppends(counted, appendable), "api",
                    ObjectStoreOptions.DEFAULT, true, URI.create("az://bench/api"), null)) {
                apiFirst = S3AppendBenchmark.measure(counted, () -> fs.appendAll(apiLog, List.of(record(1)), true));
                for (int i = 2; i < n; i++) {
                    fs.appendAll(apiLog, List.of(record(i)), true);
                }
                apiLast = S3AppendBenchmark.measure(counted, () -> fs.appendAll(apiLog, List.of(record(n)), true));
                if (fs.readRecords(apiLog).records().size() != n) {
                    throw new IllegalStateException("the VikingFS log does not hold " + n + " records");
                }
            }

            CountingObjectClient naive = new CountingObjectClient(azurite.client("bench"));
            String key = "rmw/sessions/s1/messages.jsonl";
            Sample rmwFirst = S3AppendBenchmark.measure(naive, () -> S3AppendBenchmark.readModifyWrite(naive, key, record(1)));
            ByteArrayOutputStream seed = new ByteArrayOutputStream();
            for (int i = 1; i < n; i++) {
                seed.writeBytes((record(i) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            naive.put(key, seed.toByteArray(), PutMode.OVERWRITE);
            Sample rmwLast = S3AppendBenchmark.measure(naive, () -> S3AppendBenchmark.readModifyWrite(naive, key, record(n)));

            System.out.printf("%nAzure append to one log, Azurite %s (in memory), records of %d bytes%n",
                    EmbeddedAzurite.VERSION, record(1).length() + 1);
            System.out.printf("%-30s %9s %12s %14s %10s%n", "append", "requests", "bytes sent", "bytes received", "time ms");
            S3AppendBenchmark.row("VikingFS appendAll #1", apiFirst);
            S3AppendBenchmark.row(String.format("VikingFS appendAll #%,d", n), apiLast);
            S3AppendBenchmark.row("Append Block #1", first);
            S3AppendBenchmark.row(String.format("Append Block #%,d", n), last);
            S3AppendBenchmark.row("read-modify-write #1", rmwFirst);
            S3AppendBenchmark.row(String.format("read-modify-write #%,d", n), rmwLast);
            System.out.println("(one sample each: times are indicative; bytes are bodies, without HTTP headers)");
        }
    }

    private static Sample timedAppend(AppendableObjectClient c, String key, String record, long[] length)
            throws IOException {
        byte[] block = (record + "\n").getBytes(StandardCharsets.UTF_8);
        long t = System.nanoTime();
        length[0] = c.append(key, block, length[0]).meta().size();
        return new Sample(1, block.length, 0, (System.nanoTime() - t) / 1e6);
    }
}
