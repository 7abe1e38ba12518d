package io.vikingfs.conformance;

import io.vikingfs.RecoveryReport;
import io.vikingfs.VikingFs;

import java.net.URI;

/**
 * The child JVM of the staging ownership test: opens the store at a URI (which recovers), runs
 * {@code recover(true)} once more and prints each abandoned staging it reclaimed, one per line. Argument:
 * {@code storeUri}. Exits 0 after closing the store, 1 (with the error on stderr) if anything failed.
 */
public final class CrossProcessRecovery {
    private CrossProcessRecovery() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: CrossProcessRecovery <storeUri>");
            System.exit(2);
        }
        try (VikingFs fs = VikingFs.open(URI.create(args[0]))) {
            RecoveryReport report = fs.recover(true);
            report.abandonedStaging().forEach(System.out::println);
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }
}
