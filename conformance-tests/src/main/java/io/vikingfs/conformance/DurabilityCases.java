package io.vikingfs.conformance;

import io.vikingfs.Capability;
import io.vikingfs.RenameOptions;
import io.vikingfs.VPath;
import io.vikingfs.WriteOptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What {@code durable} costs, counted in device flushes below the protocols: a durable call that returns has
 * reached the device (so a sequence of N durable calls made one after another flushes at least N times — there is
 * nobody to share a flush with), and where {@link Capability#DURABILITY_CONTROL} is declared, {@code durable=false}
 * is cheaper. Also the POSIX permissions of new files and directories where declared.
 */
public abstract class DurabilityCases extends StoreCase {
    private static final int N = 12;

    private long flushes() {
        assumeTrue(fixture.flushCount().isPresent(), "the fixture counts no flushes");
        return fixture.flushCount().getAsLong();
    }

    private interface Op {
        void run(int i) throws IOException;
    }

    private long flushesOf(Op op) throws IOException {
        long before = flushes();
        for (int i = 0; i < N; i++) {
            op.run(i);
        }
        return flushes() - before;
    }

    @Test
    void durableAppends_oneAfterAnother_eachReachesTheDevice() throws IOException {
        fs.append(p("log"), "warm-up", true);
        assertThat(flushesOf(i -> fs.append(p("log"), "r" + i, true))).isGreaterThanOrEqualTo(N);
    }

    @Test
    void durableAtomicWrites_oneAfterAnother_eachReachesTheDevice() throws IOException {
        assertThat(flushesOf(i -> fs.atomicWrite(p("doc"), utf8("v" + i), WriteOptions.DEFAULT)))
                .isGreaterThanOrEqualTo(N);
    }

    @Test
    void durableRenames_eachReachesTheDevice() throws IOException {
        for (int i = 0; i < N; i++) {
            put("src" + i, "x");
        }
        assertThat(flushesOf(i -> fs.rename(p("src" + i), p("moved/dst" + i), RenameOptions.DEFAULT)))
                .isGreaterThanOrEqualTo(N);
    }

    @Test
    void durableSwitches_eachReachesTheDevice() throws IOException {
        long switchFlushes = 0;
        for (int i = 0; i < N; i++) {
            put("staged/f", "gen" + i);
            long before = flushes();
            fs.switchDirectory(p("staged"), p("live"), true);
            switchFlushes += flushes() - before;
        }
        assertThat(switchFlushes).isGreaterThanOrEqualTo(N);
        assertThat(read("live/f")).isEqualTo("gen" + (N - 1));
    }

    @Test
    void deletesAndMkdirs_areDurable() throws IOException {
        for (int i = 0; i < N; i++) {
            put("f" + i, "x");
        }
        assertThat(flushesOf(i -> fs.delete(p("f" + i)))).isGreaterThanOrEqualTo(N);
        assertThat(flushesOf(i -> fs.mkdirs(p("dir" + i)))).isGreaterThanOrEqualTo(N);
    }

    @Test
    void nonDurableAppends_cheaperExactlyWhenDurabilityControlIsDeclared() throws IOException {
        fs.append(p("a"), "warm-up", true);
        fs.append(p("b"), "warm-up", true);
        long durable = flushesOf(i -> fs.append(p("a"), "r" + i, true));
        long relaxed = flushesOf(i -> fs.append(p("b"), "r" + i, false));
        if (caps.has(Capability.DURABILITY_CONTROL)) {
            assertThat(relaxed).as("durable=false flushes less (durable: %d)", durable).isLessThan(durable);
        } else {
            assertThat(relaxed).as("without DURABILITY_CONTROL every call is durable").isGreaterThanOrEqualTo(N);
        }
    }

    @Test
    void nonDurableAtomicWrites_cheaperExactlyWhenDurabilityControlIsDeclared() throws IOException {
        long durable = flushesOf(i -> fs.atomicWrite(p("a"), utf8("v" + i), WriteOptions.durable(true)));
        long relaxed = flushesOf(i -> fs.atomicWrite(p("b"), utf8("v" + i), WriteOptions.durable(false)));
        if (caps.has(Capability.DURABILITY_CONTROL)) {
            assertThat(relaxed).as("durable=false flushes less (durable: %d)", durable).isLessThan(durable);
        } else {
            assertThat(relaxed).isGreaterThanOrEqualTo(N);
        }
    }

    @Test
    void posixPermissions_newFilesOwnerOnly_newDirectoriesOwnerOnly() throws IOException {
        assumeTrue(caps.has(Capability.POSIX_PERMISSIONS), "backend does not declare POSIX_PERMISSIONS");
        assertThat(fixture.storageRoot()).as("POSIX_PERMISSIONS is declared: the fixture must expose its storage "
                + "root so the suite can prove it").isPresent();
        Path root = fixture.storageRoot().get();
        put("w/doc.json", "{}");
        fs.append(p("a/log.jsonl"), "{}", true);
        fs.mkdirs(p("m/n"));
        put("s/f", "1");
        fs.switchDirectory(p("s"), p("live"), true);
        for (String file : new String[] {"w/doc.json", "a/log.jsonl", "live/f"}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve(file))))
                    .as(file).isEqualTo("rw-------");
        }
        for (String dir : new String[] {"w", "a", "m", "m/n"}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve(dir),
                    LinkOption.NOFOLLOW_LINKS))).as(dir).isEqualTo("rwx------");
        }
        assertThat(fs.exists(VPath.of("live/f"))).isTrue();
    }
}
