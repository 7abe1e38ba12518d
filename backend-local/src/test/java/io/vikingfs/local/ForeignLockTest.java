package io.vikingfs.local;

import io.vikingfs.VPath;
import io.vikingfs.local.disk.Disk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An append to a log whose file this process has locked outside the library (its own {@code FileChannel} lock):
 * the JVM refuses the library's lock, no hold of the library's is there to give it up, so the append fails at
 * once — one attempt at the lock, not a thousand retries — with an error that names the file and what to do, and
 * the log is unchanged. Once that lock is released, appends go on.
 */
class ForeignLockTest {
    @TempDir
    Path tmp;

    @Test
    void anAppendToALogThisProcessLockedOutsideTheLibrary_failsAtOnce_namingTheFile() throws Exception {
        AtomicInteger lockCalls = new AtomicInteger();
        UnaryOperator<Disk> counting = LockHook.on("log.jsonl"::equals, real -> {
            lockCalls.incrementAndGet();
            return real.take();
        });
        VPath log = VPath.of("held/log.jsonl");
        try (Stores stores = Stores.on("disk", tmp, counting)) {
            try (LocalVikingFs fs = stores.open()) {
                fs.append(log, "{\"n\":0}", false);
            }
            try (LocalVikingFs fs = stores.open()) {
                Path file = stores.root.resolve("held/log.jsonl");
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE); FileLock mine = ch.lock()) {
                    lockCalls.set(0);
                    assertThatThrownBy(() -> fs.append(log, "{\"n\":1}", false))
                            .isInstanceOf(IOException.class)
                            .hasMessageContaining("log.jsonl")
                            .hasMessageContaining("locked by this process outside VikingFS")
                            .hasMessageContaining("release that lock");
                    assertThat(lockCalls).as("one attempt: no hold of the library's was there to yield").hasValue(1);
                }
                assertThat(fs.readRecords(log).records()).containsExactly("{\"n\":0}");
                fs.append(log, "{\"n\":1}", false);
                assertThat(fs.readRecords(log).records()).containsExactly("{\"n\":0}", "{\"n\":1}");
            }
        }
    }
}
