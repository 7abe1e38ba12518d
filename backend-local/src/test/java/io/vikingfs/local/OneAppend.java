package io.vikingfs.local;

import io.vikingfs.VPath;
import io.vikingfs.VikingFs;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * A child JVM of {@link BurstLockReleaseTest}: opens the store, warms up on a log of its own (class loading, not
 * timed), then makes one non-durable append to the given log and reports how long it took: {@code DONE millis}.
 *
 * <p>Arguments: the store's folder, the log's path, the report file.
 */
public final class OneAppend {
    private OneAppend() {
    }

    public static void main(String[] args) throws IOException {
        PrintStream out = new PrintStream(new FileOutputStream(args[2]), true, "UTF-8");
        try (VikingFs fs = LocalVikingFs.open(Path.of(args[0]))) {
            for (int i = 0; i < 50; i++) {
                fs.append(VPath.of("warm-up/child.jsonl"), "{\"warm\":" + i + "}", false);
            }
            long t0 = System.nanoTime();
            fs.append(VPath.of(args[1]), "{\"w\":\"child\"}", false);
            out.println("DONE " + (System.nanoTime() - t0) / 1_000_000);
        }
    }
}
