package io.vikingfs.s3;

import io.vikingfs.object.ObjectStoreOptions;
import io.vikingfs.object.ObjectVikingFs;
import io.vikingfs.DirEntry;
import io.vikingfs.RecordLog;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.WriteOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** S3Proxy's filesystem blob store: what a store held survives a restart of the server, layout and all. */
class S3ProxyRestartTest {

    @Test
    void documentsLogsAndSwitchedDirectories_surviveAServerRestart(@TempDir Path dir) throws Exception {
        try (EmbeddedS3 s3 = EmbeddedS3.startFilesystem(dir, "restart");
             VikingFs fs = ObjectVikingFs.open(s3.newClient(), "p", ObjectStoreOptions.DEFAULT.withCompactionFanout(4), false,
                     URI.create("s3://restart/p"), null)) {
            fs.atomicWrite(VPath.of("registry.json"), "{\"s\":1}".getBytes(StandardCharsets.UTF_8), WriteOptions.DEFAULT);
            for (int i = 0; i < 10; i++) {
                fs.append(VPath.of("sessions/a/messages.jsonl"), "{\"i\":" + i + "}", true);
            }
            fs.atomicWrite(VPath.of("stage/x.txt"), "x".getBytes(StandardCharsets.UTF_8), WriteOptions.DEFAULT);
            fs.switchDirectory(VPath.of("stage"), VPath.of("live"), true);
        }
        try (EmbeddedS3 s3 = EmbeddedS3.startFilesystem(dir, "restart");
             VikingFs fs = ObjectVikingFs.open(s3.newClient(), "p", ObjectStoreOptions.DEFAULT.withCompactionFanout(4), false,
                     URI.create("s3://restart/p"), null)) {
            assertThat(new String(fs.read(VPath.of("registry.json")), StandardCharsets.UTF_8)).isEqualTo("{\"s\":1}");
            RecordLog log = fs.readRecords(VPath.of("sessions/a/messages.jsonl"));
            assertThat(log.records()).hasSize(10).startsWith("{\"i\":0}").endsWith("{\"i\":9}");
            List<String> root = fs.list(VPath.ROOT).map(DirEntry::name).collect(Collectors.toList());
            assertThat(root).containsExactly("live", "registry.json", "sessions");
            assertThat(new String(fs.read(VPath.of("live/x.txt")), StandardCharsets.UTF_8)).isEqualTo("x");
            assertThat(fs.recover(false).total()).isZero();
        }
    }
}
