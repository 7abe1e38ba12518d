package io.vikingfs.local;

import io.vikingfs.VPath;
import io.vikingfs.VikingFsException;
import io.vikingfs.WriteOptions;
import io.vikingfs.local.disk.CountingDisk;
import io.vikingfs.local.disk.Disk;
import io.vikingfs.local.disk.ForwardingDisk;
import io.vikingfs.local.disk.FaultyDisk;
import io.vikingfs.local.disk.FaultyDisk.OpKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reads through a live-directory pointer ({@link Lookup}): "a file is read through one descriptor opened once", and
 * a read whose generation a switch retires under it is re-run against the new one — at most 16 times, so that a
 * reader is never starved by a writer that switches at every one of its reads.
 */
class PointerReadsTest {
    private static final VPath LIVE = VPath.of("live");
    /** Far more switches than the re-reads allowed: a reader re-reading without bound would see all of them. */
    private static final int SWITCHES_OFFERED = 40;

    @TempDir
    Path tmp;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Counts the reads of symbolic links (a live directory's pointer). */
    private static final class PointerReads extends ForwardingDisk {
        final AtomicInteger count = new AtomicInteger();

        PointerReads(Disk delegate) {
            super(delegate);
        }

        @Override
        public String readSymlink(Path link) throws IOException {
            count.incrementAndGet();
            return super.readSymlink(link);
        }
    }

    /**
     * With no switch running, a read through a live directory opens its file once and reads the pointer once: the
     * re-reads (of the file, of the pointer) are for a switch that moved the pointer meanwhile ({@link Resolver}).
     */
    @Test
    void aReadThroughALiveDirectory_opensItsFileOnce_andReadsThePointerOncePerResolution_whenNoSwitchRuns() throws IOException {
        CountingDisk[] counting = new CountingDisk[1];
        PointerReads[] pointers = new PointerReads[1];
        try (Stores stores = Stores.on("jimfs", tmp, d -> counting[0] = new CountingDisk(pointers[0] = new PointerReads(d)))) {
            LocalVikingFs fs = stores.open();
            fs.atomicWrite(VPath.of("st/a"), utf8("a"), WriteOptions.durable(false));
            fs.switchDirectory(VPath.of("st"), LIVE, false);
            CountingDisk.Counts before = counting[0].counts();
            int pointerReads = pointers[0].count.get();
            assertThat(fs.read(VPath.of("live/a"))).isEqualTo(utf8("a"));
            assertThat(counting[0].counts().minus(before).opens()).as("files opened by one read").isEqualTo(1);
            // one resolution of live/a, and one more of it to check that no switch moved the pointer meanwhile
            assertThat(pointers[0].count.get() - pointerReads).as("pointer reads by one read").isEqualTo(2);
        }
    }

    /** A store whose disk runs a switch of {@code live} to a new generation at every op {@code at} accepts. */
    private static final class SwitchingAtEveryRead {
        final List<String> versions = new ArrayList<>();
        private final FaultyDisk disk;
        private LocalVikingFs fs;
        private boolean switching;

        SwitchingAtEveryRead(FaultyDisk disk) {
            this.disk = disk;
        }

        void start(LocalVikingFs store, Predicate<FaultyDisk.Op> at) throws IOException {
            fs = store;
            switchOnce();
            disk.inject(op -> {
                if (!switching && versions.size() <= SWITCHES_OFFERED && at.test(op)) {
                    try {
                        switchOnce();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return null;
            });
        }

        /** One more generation, whose {@code a} says which. */
        private void switchOnce() throws IOException {
            switching = true;
            try {
                String version = "version " + versions.size();
                VPath staged = VPath.of("st" + versions.size());
                fs.atomicWrite(staged.resolve("a"), utf8(version), WriteOptions.durable(false));
                fs.switchDirectory(staged, LIVE, false);
                versions.add(version);
            } finally {
                switching = false;
            }
        }

        /** Switches run while the read was under way (the first made the tree it reads). */
        int duringTheRead() {
            return versions.size() - 1;
        }
    }

    private interface Reader {
        void read(SwitchingAtEveryRead switching) throws IOException;
    }

    /** Runs {@code reader} on a store whose disk switches {@code live} at every op {@code at} accepts. */
    private void whileSwitching(Predicate<FaultyDisk.Op> at, Reader reader) throws IOException {
        FaultyDisk[] disk = new FaultyDisk[1];
        try (Stores stores = Stores.on("jimfs", tmp, d -> disk[0] = new FaultyDisk(d))) {
            SwitchingAtEveryRead switching = new SwitchingAtEveryRead(disk[0]);
            switching.start(stores.open(), at);
            reader.read(switching);
        }
    }

    /** An op of kind {@code kind} on a file in a generation of {@code live}. */
    private static Predicate<FaultyDisk.Op> ofALiveFile(OpKind kind) {
        return op -> op.kind() == kind && isGeneration(op.path().getParent());
    }

    private static boolean isGeneration(Path p) {
        return p != null && p.getFileName() != null
                && LibraryNames.generationNumber("live", p.getFileName().toString()) >= 0;
    }

    /**
     * A switch right after every open of the reader (it reads from a descriptor whose generation is gone): each
     * read's result is discarded and re-read, up to 16 times; the 17th read's bytes — one whole version — stand.
     */
    @Test
    void aReadWhoseGenerationIsRetiredAtEveryAttempt_stopsAfter16ReReads_withOneWholeVersion() throws IOException {
        whileSwitching(ofALiveFile(OpKind.FILE_READ), switching -> {
            byte[] read = switching.fs.read(VPath.of("live/a"));
            assertThat(switching.duringTheRead()).as("generations retired under the reader, one per read")
                    .isBetween(2, 17);
            assertThat(switching.versions).as("what the reader returned").contains(new String(read,
                    StandardCharsets.UTF_8));
        });
    }

    /**
     * A switch right before every open of the reader (its file is gone when it opens it): the read is re-run after
     * each miss, up to 16 times; then the 17th miss is the reader's answer.
     */
    @Test
    void aReadWhoseFileIsRetiredBeforeEveryOpen_stopsAfter16ReReads() throws IOException {
        whileSwitching(ofALiveFile(OpKind.OPEN_READ), switching -> {
            try {
                switching.fs.read(VPath.of("live/a"));
            } catch (NoSuchFileException missed) {
                assertThat(missed.getFile()).isEqualTo("live/a");
            }
            assertThat(switching.duringTheRead()).as("generations retired under the reader, one per open")
                    .isBetween(2, 17);
        });
    }

    /**
     * A switch right before every look at the generation the pointer names (it is gone when looked at): the pointer
     * is read again after each miss, up to 8 times ({@link Resolver}), then the path fails naming the pointer.
     */
    @Test
    void aPointerWhoseGenerationIsRetiredBeforeEveryLook_isReadAgainAtMost8Times() throws IOException {
        whileSwitching(op -> op.kind() == OpKind.STAT && isGeneration(op.path()), switching -> {
            assertThatThrownBy(() -> switching.fs.read(VPath.of("live/a"))).isInstanceOf(VikingFsException.class)
                    .hasMessageContaining("live").hasMessageContaining("live-directory pointer");
            assertThat(switching.duringTheRead()).as("generations retired under the resolution, one per look")
                    .isBetween(2, 8);
        });
    }
}
