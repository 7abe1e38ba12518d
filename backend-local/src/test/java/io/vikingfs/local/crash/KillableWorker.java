package io.vikingfs.local.crash;

import io.vikingfs.VikingFs;
import io.vikingfs.conformance.crash.Call;
import io.vikingfs.conformance.crash.Workload;
import io.vikingfs.local.LocalVikingFs;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The child JVM of {@link ProcessKillTest}: opens a local store, runs one workload and reports in a file, written
 * unbuffered line by line, {@code READY} after the setup, {@code S i} before call {@code i} and {@code R i} once it returned
 * ({@code F i} if it failed), until it is killed with SIGKILL.
 *
 * <p>Arguments: the store's folder, the workload's kind and seed (see {@link KillWorkloads#of}), the report file.
 */
public final class KillableWorker {
    private KillableWorker() {
    }

    public static void main(String[] args) throws IOException {
        Workload w = KillWorkloads.of(args[1], Long.parseLong(args[2]));
        // Unbuffered: each line is one write(2) into the kernel, so a SIGKILL right after it cannot lose it.
        PrintStream out = new PrintStream(new FileOutputStream(args[3]), true, "UTF-8");
        try (VikingFs fs = LocalVikingFs.open(Path.of(args[0]))) {
            for (Call c : w.setup()) {
                c.run(fs);
            }
            out.println("READY");
            for (int i = 0; i < w.calls().size(); i++) {
                out.println("S " + i);
                try {
                    w.calls().get(i).run(fs);
                    out.println("R " + i);
                } catch (IOException e) {
                    out.println("F " + i + " " + e);
                }
            }
            out.println("DONE");
        }
    }
}
