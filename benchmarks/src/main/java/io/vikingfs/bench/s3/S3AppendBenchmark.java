package io.vikingfs.bench.s3;

import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.s3.EmbeddedS3;
import io.vikingfs.object.ObjectStoreOptions;
import io.vikingfs.object.ObjectVikingFs;
import io.vikingfs.object.client.CountingObjectClient;
import io.vikingfs.object.client.ObjectClient;
import io.vikingfs.object.client.PutMode;
import io.vikingfs.object.client.StoredObject;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Issue #4's append benchmark: for one log on an in-JVM S3Proxy, the requests, bytes and time of the 1st and of
 * the 10,000th append — VikingFS's create-only segments against a read-modify-write append (GET the whole
 * object, PUT it back with the record added), measured in one run. Prints a table; asserts nothing.
 *
 * <p>Run: {@code java -cp benchmarks/target/... io.vikingfs.bench.s3.S3AppendBenchmark [appends]}. The
 * read-modify-write log is brought to 9,999 records with one PUT (its cost depends only on the object's size);
 * the VikingFS log gets all its appends one by one, so its compaction state is the real one.
 */
public final class S3AppendBenchmark {
    private S3AppendBenchmark() {
    }

    /** One append's cost: requests, body bytes sent and received, time. */
    public record Sample(long requests, long sent, long received, double millis) {
    }

    /** The benchmark's record {@code i} (without its newline): ~100 bytes, as a chat message. */
    public static String record(int i) {
        return "{\"role\":\"assistant\",\"seq\":" + i + ",\"text\":\"" + "x".repeat(60) + "\"}";
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        try (EmbeddedS3 s3 = EmbeddedS3.startTransient("bench")) {
            CountingObjectClient ours = new CountingObjectClient(s3.newClient());
            Sample first;
            Sample last;
            VPath log = VPath.of("sessions/s1/messages.jsonl");
            // one client only, so covered segments may go at once (reclaimGrace 0): nobody else can be claiming them.
            // With the default grace they stay an hour, which costs nothing on S3 (listings skip them) but makes
            // S3Proxy's own LIST, which scans every key under the prefix, slower as the log grows.
            ObjectStoreOptions single = ObjectStoreOptions.DEFAULT.withReclaimGrace(java.time.Duration.ZERO);
            try (VikingFs fs = ObjectVikingFs.open(ours, "vfs", single, false, URI.create("s3://bench/vfs"), null)) {
                first = measure(ours, () -> fs.append(log, record(1), true));
                for (int i = 2; i < n; i++) {
                    fs.append(log, record(i), true);
                }
                last = measure(ours, () -> fs.append(log, record(n), true));
                if (fs.readRecords(log).records().size() != n) {
                    throw new IllegalStateException("the VikingFS log does not hold " + n + " records");
                }
            }
            CountingObjectClient naive = new CountingObjectClient(s3.newClient());
            String key = "rmw/sessions/s1/messages.jsonl";
            Sample rmwFirst = measure(naive, () -> readModifyWrite(naive, key, record(1)));
            ByteArrayOutputStream seed = new ByteArrayOutputStream();
            for (int i = 1; i < n; i++) {
                seed.writeBytes((record(i) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            naive.put(key, seed.toByteArray(), PutMode.OVERWRITE);
            Sample rmwLast = measure(naive, () -> readModifyWrite(naive, key, record(n)));

            System.out.printf("%nS3 append to one log, in-JVM S3Proxy (transient), records of ~%d bytes%n",
                    record(1).length() + 1);
            System.out.printf("%-30s %9s %12s %14s %10s%n", "append", "requests", "bytes sent", "bytes received", "time ms");
            row("VikingFS append #1", first);
            row(String.format("VikingFS append #%,d", n), last);
            row("read-modify-write #1", rmwFirst);
            row(String.format("read-modify-write #%,d", n), rmwLast);
            System.out.println("(one sample each: times are indicative; requests and bytes are exact)");
        }
    }

    /** Prints one row of the append tables. */
    public static void row(String name, Sample s) {
        System.out.printf("%-30s %9d %12d %14d %10.2f%n", name, s.requests, s.sent, s.received, s.millis);
    }

    @FunctionalInterface
    public interface Op {
        void run() throws IOException;
    }

    /** What {@code op} cost on {@code c}. */
    public static Sample measure(CountingObjectClient c, Op op) throws IOException {
        long r = c.requests();
        long s = c.bytesSent();
        long g = c.bytesReceived();
        long t = System.nanoTime();
        op.run();
        double ms = (System.nanoTime() - t) / 1e6;
        return new Sample(c.requests() - r, c.bytesSent() - s, c.bytesReceived() - g, ms);
    }

    /** The baseline: the whole object read, the record added, the whole object written back. */
    public static void readModifyWrite(ObjectClient c, String key, String record) throws IOException {
        Optional<StoredObject> old = c.get(key);
        byte[] before = old.map(StoredObject::data).orElse(new byte[0]);
        byte[] line = (record + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] after = Arrays.copyOf(before, before.length + line.length);
        System.arraycopy(line, 0, after, before.length, line.length);
        c.put(key, after, PutMode.OVERWRITE);
    }
}
