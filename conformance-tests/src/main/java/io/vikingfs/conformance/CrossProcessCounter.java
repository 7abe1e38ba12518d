package io.vikingfs.conformance;

import io.vikingfs.FileStat;
import io.vikingfs.Precondition;
import io.vikingfs.PreconditionFailedException;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.WriteOptions;

import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The child JVM of the multi-process compare-and-swap test: opens the store at a URI and increments the number in
 * one file {@code count} times by {@code ifMatch} read-modify-write, retrying each conflict. Arguments:
 * {@code storeUri counterPath count}. Exits 0 after closing the store, 1 (with the error on stderr) if anything
 * failed.
 */
public final class CrossProcessCounter {
    private CrossProcessCounter() {
    }

    /** One increment: true if it was acknowledged, false if another writer changed the file first. */
    static boolean tryIncrement(VikingFs fs, VPath counter) throws java.io.IOException {
        // stat before read: if the file changes in between, the version is stale and the write fails.
        FileStat st = fs.stat(counter);
        int value = Integer.parseInt(new String(fs.read(counter), StandardCharsets.UTF_8));
        try {
            fs.atomicWrite(counter, Integer.toString(value + 1).getBytes(StandardCharsets.UTF_8),
                    WriteOptions.precondition(Precondition.ifMatch(st.version())).withDurable(false));
            return true;
        } catch (PreconditionFailedException e) {
            return false;
        }
    }

    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: CrossProcessCounter <storeUri> <counterPath> <count>");
            System.exit(2);
        }
        try (VikingFs fs = VikingFs.open(URI.create(args[0]))) {
            VPath counter = VPath.of(args[1]);
            int count = Integer.parseInt(args[2]);
            for (int done = 0; done < count; ) {
                if (tryIncrement(fs, counter)) {
                    done++;
                }
            }
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }
}
