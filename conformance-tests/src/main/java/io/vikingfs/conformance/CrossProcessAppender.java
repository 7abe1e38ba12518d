package io.vikingfs.conformance;

import io.vikingfs.VPath;
import io.vikingfs.VikingFs;

import java.net.URI;

/**
 * The child JVM of the multi-process append test: opens the store at a URI and appends numbered records to one
 * log. Arguments: {@code storeUri logPath writerId count}. Exits 0 after closing the store, 1 (with the error on
 * stderr) if anything failed.
 */
public final class CrossProcessAppender {
    private CrossProcessAppender() {
    }

    /** The record writer {@code writer} appends as its {@code seq}-th. */
    static String record(String writer, int seq) {
        return "{\"w\":\"" + writer + "\",\"i\":" + seq + "}";
    }

    public static void main(String[] args) {
        if (args.length != 4) {
            System.err.println("usage: CrossProcessAppender <storeUri> <logPath> <writerId> <count>");
            System.exit(2);
        }
        try (VikingFs fs = VikingFs.open(URI.create(args[0]))) {
            VPath log = VPath.of(args[1]);
            int count = Integer.parseInt(args[3]);
            for (int i = 0; i < count; i++) {
                // Every 100th append durable: the shared-flush path between processes is exercised too.
                fs.append(log, record(args[2], i), i % 100 == 99);
            }
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }
}
