package io.vikingfs.conformance;

import io.vikingfs.Capability;
import io.vikingfs.StagedDirectory;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.VikingFsException;
import io.vikingfs.WriteOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code stage}: a staging directory the library owns. Commit is {@code switchDirectory}, close without commit
 * deletes it, and recovery reclaims it once its owner is gone (here: the store was closed with the handle open)
 * — never while its owner runs, never a directory the user made, never {@code live}.
 */
public abstract class StagingCases extends StoreCase {

    private void fill(VPath dir, String tag) throws IOException {
        fs.atomicWrite(dir.resolve("meta.json"), utf8("{\"gen\":\"" + tag + "\"}"), WriteOptions.durable(false));
        fs.atomicWrite(dir.resolve("messages").resolve("0001.json"), utf8(tag), WriteOptions.durable(false));
        fs.append(dir.resolve("log.jsonl"), "\"" + tag + "\"", false);
    }

    /** A filled staging over a filled live directory, and the store as it was before the staging. */
    private record Staged(StagedDirectory handle, StoreSnapshot before) {
    }

    private Staged filledStagingOverFilledLive(String live) throws IOException {
        fill(p(live), "old");
        StoreSnapshot before = snapshot();
        StagedDirectory staged = fs.stage(p(live));
        fill(staged.path(), "staged");
        return new Staged(staged, before);
    }

    @ParameterizedTest(name = "durable={0}")
    @ValueSource(booleans = {true, false})
    void stage_commit_liveBecomesExactlyTheStagedTree(boolean durable) throws IOException {
        fill(p("w/s1"), "old");
        put("w/s1/only-in-old.txt", "must vanish");
        try (StagedDirectory staged = fs.stage(p("w/s1"))) {
            fill(staged.path(), "new");
            Map<String, String> tree = snapshot().under(staged.path());
            staged.commit(durable);
            assertThat(staged.isCommitted()).isTrue();
            assertThat(snapshot().under(p("w/s1"))).isEqualTo(tree);
            assertThat(fs.exists(staged.path())).as("the staging became live").isFalse();
        }
        assertThat(names(p("w"))).containsExactly("s1");
        assertThat(fs.recover(false).total()).as("a committed staging leaves nothing to recover").isZero();
    }

    @Test
    void stage_path_isAnEmptyDirectoryBesideLive_liveUntouchedUntilCommit() throws IOException {
        put("w/live/a.txt", "old");
        try (StagedDirectory staged = fs.stage(p("w/live"))) {
            assertThat(staged.live()).isEqualTo(p("w/live"));
            assertThat(staged.path().parent()).isEqualTo(p("w"));
            assertThat(staged.path().name()).startsWith("live.staged-");
            assertThat(fs.stat(staged.path()).isDirectory()).isTrue();
            assertThat(names(staged.path())).isEmpty();
            fill(staged.path(), "new");
            assertThat(read("w/live/a.txt")).isEqualTo("old");
            assertThat(fs.exists(p("w/live/meta.json"))).isFalse();
        }
    }

    @Test
    void stage_liveAndParentsAbsent_parentsCreated_commitCreatesLive() throws IOException {
        try (StagedDirectory staged = fs.stage(p("a/b/live"))) {
            fill(staged.path(), "g1");
            staged.commit(true);
        }
        assertThat(read("a/b/live/meta.json")).isEqualTo("{\"gen\":\"g1\"}");
        assertThat(names(p("a/b"))).containsExactly("live");
    }

    @Test
    void stage_closeWithoutCommit_deletesTheStagingAndKeepsLive() throws IOException {
        Staged s = filledStagingOverFilledLive("w/s1");
        StagedDirectory staged = s.handle();
        StoreSnapshot before = s.before();
        staged.close();
        staged.close(); // idempotent
        assertThat(fs.exists(staged.path())).isFalse();
        assertThat(snapshot()).isEqualTo(before);
        assertThat(fs.recover(false).total()).isZero();
        assertThatThrownBy(() -> staged.commit(true)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(staged.path().toString());
    }

    @Test
    void stage_commitTwice_refusedWithoutTouchingLive() throws IOException {
        StagedDirectory staged = fs.stage(p("w/s1"));
        fill(staged.path(), "g1");
        staged.commit(true);
        StoreSnapshot after = snapshot();
        assertThatThrownBy(() -> staged.commit(true)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already committed");
        staged.close(); // nothing to abort after a commit
        assertThat(snapshot()).isEqualTo(after);
    }

    @Test
    void stage_abandonedByAClosedStore_reclaimedOnTheNextOpen() throws IOException {
        Staged s = filledStagingOverFilledLive("w/s1");
        StagedDirectory staged = s.handle();
        StoreSnapshot before = s.before();
        closeFs(); // the owner is gone without committing or closing its staging
        reopen();  // opening recovers
        assertThat(fs.exists(staged.path())).as("abandoned staging %s reclaimed on open", staged.path()).isFalse();
        assertThat(snapshot()).isEqualTo(before);
        assertThat(fs.recover(false).total()).isZero();
    }

    @Test
    void stage_ofAnOpenStore_neverReclaimedByItsOwnRecover() throws IOException {
        put("w/s1/a.txt", "old");
        try (StagedDirectory staged = fs.stage(p("w/s1"))) {
            fill(staged.path(), "new");
            Map<String, String> tree = snapshot().under(staged.path());
            assertThat(fs.recover(true).abandonedStaging()).as("the owner is running").isEmpty();
            assertThat(snapshot().under(staged.path())).isEqualTo(tree);
            staged.commit(true);
            assertThat(snapshot().under(p("w/s1"))).isEqualTo(tree);
        }
    }

    @Test
    void stage_ofAnOpenStore_notReclaimedByAnotherInstanceOfThisJvm() throws IOException {
        assumeTrue(fixture.childProcess().isPresent(), "the fixture cannot open a second instance by URI");
        try (StagedDirectory staged = fs.stage(p("w/s1"))) {
            fill(staged.path(), "new");
            Map<String, String> tree = snapshot().under(staged.path());
            try (VikingFs other = VikingFs.open(fixture.childProcess().get().storeUri())) { // opening recovers
                assertThat(other.recover(true).abandonedStaging()).as("the owner is running").isEmpty();
                assertThat(other.exists(staged.path())).isTrue();
            }
            assertThat(snapshot().under(staged.path())).isEqualTo(tree);
            staged.commit(true);
            assertThat(snapshot().under(p("w/s1"))).isEqualTo(tree);
        }
    }

    @Test
    void stage_ofAnOpenStore_notReclaimedByRecoveryInAnotherProcess() throws Exception {
        assumeCapability(Capability.CROSS_PROCESS_SAFE);
        assertThat(fixture.childProcess()).as("CROSS_PROCESS_SAFE needs a ChildProcessSpec").isPresent();
        ChildProcessSpec spec = fixture.childProcess().get();
        try (StagedDirectory staged = fs.stage(p("w/s1"))) {
            fill(staged.path(), "new");
            Map<String, String> tree = snapshot().under(staged.path());
            File err = File.createTempFile("vikingfs-child-", ".err");
            try {
                Process child = new ProcessBuilder(spec.command(CrossProcessRecovery.class,
                        List.of(spec.storeUri().toString()))).redirectError(err).start();
                String reclaimed = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(child.waitFor(5, TimeUnit.MINUTES)).as("the recovering child finished").isTrue();
                assertThat(child.exitValue()).as("child failed: %s", Files.readString(err.toPath())).isZero();
                assertThat(reclaimed).as("stagings another process reclaimed while their owner runs").isEmpty();
            } finally {
                Files.deleteIfExists(err.toPath());
            }
            assertThat(snapshot().under(staged.path())).isEqualTo(tree);
            staged.commit(true);
            assertThat(snapshot().under(p("w/s1"))).isEqualTo(tree);
        }
    }

    @Test
    void recover_neverTouchesAUserDirectoryShapedLikeAStaging() throws IOException {
        put("w/s1.staged-0123456789abcdef/mine.txt", "user data");
        put("w/staged-fedcba9876543210/mine.txt", "user data");
        fs.mkdirs(p("w/s1.staged-00000000000000aa"));
        StagedDirectory abandoned = fs.stage(p("w/s1"));
        fill(abandoned.path(), "x");
        closeFs();
        reopen();
        assertThat(fs.exists(abandoned.path())).isFalse();
        assertThat(read("w/s1.staged-0123456789abcdef/mine.txt")).isEqualTo("user data");
        assertThat(read("w/staged-fedcba9876543210/mine.txt")).isEqualTo("user data");
        assertThat(names(p("w"))).containsExactly("s1.staged-00000000000000aa", "s1.staged-0123456789abcdef",
                "staged-fedcba9876543210");
    }

    @Test
    void stage_liveNameAtTheLengthLimit_stagingNameStaysValid() throws IOException {
        String name = "n".repeat(VPath.MAX_SEGMENT_BYTES);
        try (StagedDirectory staged = fs.stage(p("w").resolve(name))) {
            assertThat(staged.path().name()).startsWith("staged-");
            fill(staged.path(), "g1");
            staged.commit(true);
        }
        assertThat(read("w/" + name + "/meta.json")).isEqualTo("{\"gen\":\"g1\"}");
    }

    @Test
    void stage_badInput_refusedAndStoreUntouched() throws IOException {
        put("w/file", "a file");
        StoreSnapshot before = snapshot();
        assertThatThrownBy(() -> fs.stage(VPath.ROOT)).isInstanceOf(VikingFsException.class)
                .hasMessageContaining("root");
        assertThatThrownBy(() -> fs.stage(p("w/file"))).isInstanceOf(NotDirectoryException.class)
                .satisfies(e -> assertNamesPath(e, p("w/file")));
        assertThatThrownBy(() -> fs.stage(p("w/file/below"))).isInstanceOf(IOException.class)
                .satisfies(e -> assertNamesPath(e, p("w/file")));
        assertThatThrownBy(() -> fs.stage(null)).isInstanceOf(NullPointerException.class);
        assertThat(snapshot()).isEqualTo(before);
        assertThat(fs.recover(false).total()).isZero();
    }
}
