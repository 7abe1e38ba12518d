package io.vikingfs.bench.s3;

import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.WriteOptions;
import io.vikingfs.s3.EmbeddedS3;
import io.vikingfs.object.ObjectStoreOptions;
import io.vikingfs.object.ObjectVikingFs;

import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Issue #14's read-verification cost: {@code read} of a 4 KiB and a 1 MiB file on an in-JVM S3Proxy, with every
 * body checked against its stored CRC32C (the default) and without ({@code ObjectStoreOptions.withVerifyReads(false)},
 * which exists for this measurement). Both stores read the same objects through one server; rounds alternate
 * between them so drift of a loaded machine falls on both. Prints a table of median latencies; asserts nothing.
 *
 * <p>Run: {@code java -cp benchmarks/target/... io.vikingfs.bench.s3.S3ReadVerificationBenchmark [reads]}.
 */
public final class S3ReadVerificationBenchmark {
    private static final double TARGET_1MIB = 1.10;

    private S3ReadVerificationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int reads = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        try (EmbeddedS3 s3 = EmbeddedS3.startTransient("bench");
             VikingFs verified = ObjectVikingFs.open(s3.newClient(), "read", ObjectStoreOptions.DEFAULT, false,
                     URI.create("s3://bench/read"), null);
             // without verification nothing is hashed at all: neither after the body arrived nor while it streamed
             VikingFs unverified = ObjectVikingFs.open(s3.newClient().withoutDigestInTransit(), "read",
                     ObjectStoreOptions.DEFAULT.withVerifyReads(false), false, URI.create("s3://bench/read"), null)) {
            System.out.printf("%nS3 read with vs without body verification, in-JVM S3Proxy (transient), %d reads each%n",
                    reads);
            System.out.printf("%-10s %18s %18s %8s %8s %5s%n", "size", "verified (median)", "unverified (median)",
                    "ratio", "target", "met?");
            for (int size : new int[] {4 * 1024, 1024 * 1024}) {
                VPath path = VPath.of("f-" + size);
                byte[] data = new byte[size];
                ThreadLocalRandom.current().nextBytes(data);
                verified.atomicWrite(path, data, WriteOptions.DEFAULT);
                for (int i = 0; i < Math.max(20, reads / 10); i++) { // warm up both paths
                    verified.read(path);
                    unverified.read(path);
                }
                long[] on = new long[reads];
                long[] off = new long[reads];
                for (int i = 0; i < reads; i++) {
                    on[i] = timed(verified, path, size);
                    off[i] = timed(unverified, path, size);
                }
                double a = median(on) / 1e3;
                double b = median(off) / 1e3;
                boolean judged = size >= 1024 * 1024;
                System.out.printf(Locale.ROOT, "%-10s %15.1f µs %16.1f µs %7.2f× %8s %5s%n",
                        size >= 1024 * 1024 ? (size >> 20) + " MiB" : (size >> 10) + " KiB", a, b, a / b,
                        judged ? "≤ " + TARGET_1MIB + "×" : "info", judged ? (a / b <= TARGET_1MIB ? "yes" : "NO") : "–");
            }
            System.out.println("(verified = CRC32C of every body, computed while it streams in, compared with x-amz-meta-vfs-crc32c before read returns)");
        }
    }

    private static long timed(VikingFs fs, VPath path, int size) throws IOException {
        long t = System.nanoTime();
        byte[] b = fs.read(path);
        long d = System.nanoTime() - t;
        if (b.length != size) {
            throw new IllegalStateException(path + ": read " + b.length + " bytes, wrote " + size);
        }
        return d;
    }

    private static double median(long[] xs) {
        long[] s = xs.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
