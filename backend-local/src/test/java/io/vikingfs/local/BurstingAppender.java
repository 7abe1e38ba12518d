package io.vikingfs.local;

import io.vikingfs.VPath;
import io.vikingfs.VikingFs;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The child JVM of {@link BurstLockFairnessTest}: appends to one log without pause for a while (its
 * {@code FileLock} held across the burst), then keeps the store open, idle, before closing it. Reports in a file,
 * line by line: {@code READY} once the burst has started, {@code IDLE n} when it ends after n appends, {@code DONE}
 * just before closing.
 *
 * <p>Arguments: the store's folder, the log's path, the burst's and the idle time in milliseconds, the report file.
 */
public final class BurstingAppender {
    private BurstingAppender() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        VPath log = VPath.of(args[1]);
        long burstNanos = Long.parseLong(args[2]) * 1_000_000L;
        long idleMillis = Long.parseLong(args[3]);
        PrintStream out = new PrintStream(new FileOutputStream(args[4]), true, "UTF-8");
        try (VikingFs fs = LocalVikingFs.open(Path.of(args[0]))) {
            fs.append(log, "{\"w\":\"child\",\"n\":0}", false);
            out.println("READY");
            long start = System.nanoTime();
            int n = 1;
            while (System.nanoTime() - start < burstNanos) {
                fs.append(log, "{\"w\":\"child\",\"n\":" + n++ + "}", false);
            }
            out.println("IDLE " + n);
            Thread.sleep(idleMillis);
            out.println("DONE");
        }
    }
}
