package io.vikingfs.local.crash;

import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.local.LocalVikingFs;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * A child JVM of {@link ContendedKillTest}: its threads append durably to one log shared with another process,
 * each record {@code {"w":W,"t":T,"n":N}} with N counting from 0 per thread, and report {@code ACK W T N} once the
 * append has returned (so a line in the report means the record was acknowledged durable).
 *
 * <p>Arguments: the store's folder, the log's path, the writer's name, threads, records per thread, the report.
 */
public final class SharedLogAppender {
    private SharedLogAppender() {
    }

    public static void main(String[] args) throws Exception {
        VPath log = VPath.of(args[1]);
        String writer = args[2];
        int threads = Integer.parseInt(args[3]);
        int records = Integer.parseInt(args[4]);
        PrintStream report = new PrintStream(new FileOutputStream(args[5]), true, "UTF-8");
        try (VikingFs fs = LocalVikingFs.open(Path.of(args[0]))) {
            Thread[] ts = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                int thread = t;
                ts[t] = new Thread(() -> {
                    try {
                        for (int n = 0; n < records; n++) {
                            fs.append(log, "{\"w\":\"" + writer + "\",\"t\":" + thread + ",\"n\":" + n + "}", true);
                            report.println("ACK " + writer + " " + thread + " " + n);
                        }
                    } catch (IOException e) {
                        report.println("FAILED " + e);
                    }
                });
                ts[t].start();
            }
            for (Thread t : ts) {
                t.join();
            }
            report.println("DONE");
        }
    }
}
