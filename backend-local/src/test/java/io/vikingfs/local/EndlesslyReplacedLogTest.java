package io.vikingfs.local;

import io.vikingfs.VPath;
import io.vikingfs.VikingFsException;
import io.vikingfs.local.disk.Disk;
import io.vikingfs.local.disk.DiskStat;
import io.vikingfs.local.disk.ForwardingDisk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A log whose path names another file every time it is looked at (a sync tool rewriting it without pause, field
 * cases 7): an append reopens the log after each replacement, but not forever — it gives up saying what happens
 * and what to do, and writes nothing to any of the files it saw.
 */
class EndlesslyReplacedLogTest {
    @TempDir
    Path tmp;

    /** Reports a new file identity for the log at every look, as if it were replaced in between. */
    private static final class EverReplaced extends ForwardingDisk {
        volatile boolean replacing;
        private long identity;

        EverReplaced(Disk delegate) {
            super(delegate);
        }

        @Override
        public DiskStat stat(Path path) throws IOException {
            DiskStat st = super.stat(path);
            if (!replacing || st == null || !path.getFileName().toString().equals("log.jsonl")) {
                return st;
            }
            return new DiskStat(st.kind(), st.size(), "replaced-" + identity++, st.modifiedNanos());
        }
    }

    @Test
    void anAppendToALogReplacedAtEveryLook_givesUpSayingWhy_andWritesNothing() throws IOException {
        EverReplaced[] disk = new EverReplaced[1];
        try (Stores stores = Stores.on("jimfs", tmp, d -> disk[0] = new EverReplaced(d))) {
            LocalVikingFs fs = stores.open();
            VPath log = VPath.of("e/log.jsonl");
            fs.append(log, "{\"n\":0}", false);
            fs.readRecords(log); // ends the hold: the next append takes the lock anew and looks at the path
            disk[0].replacing = true;
            assertThatThrownBy(() -> fs.append(log, "{\"n\":1}", false)).isInstanceOf(VikingFsException.class)
                    .hasMessageContaining("e/log.jsonl").hasMessageContaining("keeps being replaced")
                    .hasMessageContaining("retry");
            disk[0].replacing = false;
            assertThat(fs.readRecords(log).records()).containsExactly("{\"n\":0}");
        }
    }
}
