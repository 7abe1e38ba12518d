package io.vikingfs.local.disk;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The child JVM of {@link LockWaitersTest}: takes {@link DiskFile#lock()} on a file (blocking while the parent holds
 * it), keeps it until a release file appears, then exits. Reports in a file, line by line: {@code OPEN} just before
 * it asks for the lock, {@code LOCKED} once granted, {@code WAITED} once (while holding it) it sees another process
 * wait for it ({@link DiskLock#waitedFor()}).
 *
 * <p>Arguments: the folder, the file's name in it, the report file, the release file.
 */
public final class LockingProcess {
    private LockingProcess() {
    }

    private static boolean parentAlive() {
        return ProcessHandle.current().parent().map(ProcessHandle::isAlive).orElse(false);
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path dir = Path.of(args[0]);
        Path release = Path.of(args[3]);
        PrintStream out = new PrintStream(new FileOutputStream(args[2]), true, "UTF-8");
        try (DiskFile f = new NioDisk(dir).openWrite(dir.resolve(args[1]))) {
            out.println("OPEN");
            try (DiskLock held = f.lock()) {
                out.println("LOCKED");
                boolean waited = false;
                while (!Files.exists(release)) {
                    if (!parentAlive()) {
                        return; // the test's JVM was killed (a mutation tester's time-out): nobody will release
                    }
                    if (!waited && held.waitedFor()) {
                        waited = true;
                        out.println("WAITED");
                    }
                    Thread.sleep(5);
                }
            }
        }
    }
}
