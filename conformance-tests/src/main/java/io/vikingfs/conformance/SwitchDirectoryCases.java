package io.vikingfs.conformance;

import io.vikingfs.DirEntry;
import io.vikingfs.EntryKind;
import io.vikingfs.RecoveryReport;
import io.vikingfs.VPath;
import io.vikingfs.WriteOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code switchDirectory}: {@code live} becomes exactly what {@code staged} held; staging and the old tree go. */
public abstract class SwitchDirectoryCases extends StoreCase {

    private void stage(String dir, String tag) throws IOException {
        put(dir + "/meta.json", "{\"gen\":\"" + tag + "\"}");
        put(dir + "/messages/0001.json", tag + "-1");
        put(dir + "/messages/deep/er/0002.json", tag + "-2");
        fs.append(p(dir + "/log.jsonl"), "\"" + tag + "\"", false);
        fs.mkdirs(p(dir + "/empty"));
    }

    @ParameterizedTest(name = "durable={0}")
    @ValueSource(booleans = {true, false})
    void switch_liveAbsent_liveBecomesStaged(boolean durable) throws IOException {
        stage("work/staged", "g1");
        Map<String, String> staged = snapshot().under(p("work/staged"));
        fs.switchDirectory(p("work/staged"), p("work/live"), durable);
        assertThat(snapshot().under(p("work/live"))).isEqualTo(staged);
        assertThat(fs.exists(p("work/staged"))).isFalse();
    }

    @ParameterizedTest(name = "durable={0}")
    @ValueSource(booleans = {true, false})
    void switch_liveExists_replacedByExactlyTheStagedTree(boolean durable) throws IOException {
        stage("live", "old");
        put("live/only-in-old.txt", "must vanish");
        stage("staged", "new");
        Map<String, String> staged = snapshot().under(p("staged"));
        fs.switchDirectory(p("staged"), p("live"), durable);
        assertThat(snapshot().under(p("live"))).isEqualTo(staged);
        assertThat(fs.exists(p("live/only-in-old.txt"))).isFalse();
        assertThat(read("live/meta.json")).isEqualTo("{\"gen\":\"new\"}");
    }

    @Test
    void switch_replacedTwice_holdsTheThirdGeneration() throws IOException {
        stage("s", "g1");
        fs.switchDirectory(p("s"), p("live"), true);
        stage("s", "g2");
        fs.switchDirectory(p("s"), p("live"), false);
        stage("s", "g3");
        put("s/extra", "only g3");
        Map<String, String> g3 = snapshot().under(p("s"));
        fs.switchDirectory(p("s"), p("live"), true);
        assertThat(snapshot().under(p("live"))).isEqualTo(g3);
        assertThat(walked(VPath.ROOT)).allMatch(e -> e.startsWith("live/"), "nothing but live remains");
    }

    @Test
    void switch_oldTreeAndStagingLeaveNothingVisible() throws IOException {
        stage("live", "old");
        stage("staged", "new");
        fs.switchDirectory(p("staged"), p("live"), true);
        assertThat(names(VPath.ROOT)).containsExactly("live");
        assertThat(walked(VPath.ROOT)).noneMatch(e -> e.contains("old"));
        assertThat(snapshot().entries().values()).noneMatch(v -> v.equals("file:" + java.util.Base64.getEncoder()
                .encodeToString(utf8("old-1"))));
    }

    @Test
    void switch_liveListedAsADirectory() throws IOException {
        stage("a/staged", "g");
        put("a/zz-sibling.txt", "x");
        fs.switchDirectory(p("a/staged"), p("a/live"), true);
        try (Stream<DirEntry> s = fs.list(p("a"))) {
            assertThat(s.collect(Collectors.toList())).containsExactly(
                    new DirEntry(p("a/live"), EntryKind.DIRECTORY),
                    new DirEntry(p("a/zz-sibling.txt"), EntryKind.FILE));
        }
        assertThat(fs.stat(p("a/live")).isDirectory()).isTrue();
        assertThat(fs.stat(p("a/live")).version()).isNull();
    }

    @Test
    void switch_liveParentsMissing_areCreated() throws IOException {
        stage("staged", "g");
        fs.switchDirectory(p("staged"), p("x/y/z/live"), true);
        assertThat(read("x/y/z/live/messages/deep/er/0002.json")).isEqualTo("g-2");
    }

    @Test
    void switch_emptyStaged_liveBecomesEmpty() throws IOException {
        stage("live", "old");
        fs.mkdirs(p("empty-staged"));
        fs.switchDirectory(p("empty-staged"), p("live"), true);
        assertThat(names(p("live"))).isEmpty();
    }

    @Test
    void switch_missingStaged_throwsNoSuchFileAndLiveUnchanged() throws IOException {
        stage("live", "old");
        StoreSnapshot before = snapshot();
        assertThatThrownBy(() -> fs.switchDirectory(p("no-staged"), p("live"), true))
                .isInstanceOf(NoSuchFileException.class)
                .satisfies(e -> assertNamesPath(e, p("no-staged")));
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void switch_stagedIsFile_throwsNotDirectoryAndChangesNothing() throws IOException {
        put("staged", "a file");
        stage("live", "old");
        StoreSnapshot before = snapshot();
        assertThatThrownBy(() -> fs.switchDirectory(p("staged"), p("live"), true))
                .isInstanceOf(NotDirectoryException.class);
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void switch_liveIsFile_throwsNotDirectoryAndChangesNothing() throws IOException {
        stage("staged", "new");
        put("live", "a file");
        StoreSnapshot before = snapshot();
        assertThatThrownBy(() -> fs.switchDirectory(p("staged"), p("live"), true))
                .isInstanceOf(NotDirectoryException.class);
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void switch_liveStaysUsableForEveryOperation() throws IOException {
        stage("staged", "g1");
        fs.switchDirectory(p("staged"), p("live"), true);
        fs.atomicWrite(p("live/new.json"), utf8("n"), WriteOptions.DEFAULT);
        fs.append(p("live/log.jsonl"), "\"more\"", true);
        fs.rename(p("live/meta.json"), p("live/meta2.json"), io.vikingfs.RenameOptions.DEFAULT);
        fs.delete(p("live/empty"));
        assertThat(fs.readRecords(p("live/log.jsonl")).records()).containsExactly("\"g1\"", "\"more\"");
        assertThat(names(p("live"))).containsExactly("log.jsonl", "messages", "meta2.json", "new.json");
        stage("staged", "g2");
        fs.switchDirectory(p("staged"), p("live"), true);
        assertThat(names(p("live"))).containsExactly("empty", "log.jsonl", "messages", "meta.json");
        fs.deleteRecursively(p("live"));
        assertThat(names(VPath.ROOT)).isEmpty();
    }

    @Test
    void switch_thenRecover_findsNoAbandonedGeneration() throws IOException {
        stage("live", "old");
        stage("staged", "new");
        fs.switchDirectory(p("staged"), p("live"), true);
        RecoveryReport report = fs.recover(false);
        assertThat(report.abandonedGenerations()).as("the old tree is reclaimed on return").isEmpty();
        assertThat(report.tempFiles()).isEmpty();
    }

    @Test
    void switch_liveSurvivesReopen() throws IOException {
        stage("staged", "g1");
        fs.switchDirectory(p("staged"), p("live"), true);
        Map<String, String> live = snapshot().under(p("live"));
        reopen();
        assertThat(snapshot().under(p("live"))).isEqualTo(live);
        assertThat(names(VPath.ROOT)).isEqualTo(List.of("live"));
    }
}
