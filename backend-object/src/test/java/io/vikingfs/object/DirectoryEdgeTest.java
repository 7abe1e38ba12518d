package io.vikingfs.object;

import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.WriteOptions;
import io.vikingfs.object.client.InMemoryObjectClient;
import io.vikingfs.object.client.InMemoryObjectClient.Outcome;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedFileSystemException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link ObjectVikingFs} at the edges of its namespace, on the in-memory object client: an empty directory deleted
 * leaves its parent (a directory has no implicit existence, contract §2); {@code deleteRecursively} of the root
 * empties the store's prefix and nothing beyond it; a prefix names the same store however it is written (with or
 * without its slashes); a rename onto a log replaces the log's content; a rename onto a path under a file, of the
 * root or onto it, is refused naming the path and changes nothing; a closed store sends no request at all,
 * {@code stage} included.
 */
class DirectoryEdgeTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static VikingFs open(InMemoryObjectClient store, String prefix) throws IOException {
        return ObjectVikingFs.open(store, prefix, ObjectStoreOptions.DEFAULT, true, URI.create("s3://memory/p"), null);
    }

    @Test
    void anEmptyDirectoryDeleted_leavesItsParent() throws IOException {
        try (VikingFs fs = open(new InMemoryObjectClient(), "p")) {
            // no directory marker for "a": it exists through what lies below it
            fs.atomicWrite(VPath.of("a/empty/f"), b("1"), WriteOptions.DEFAULT);
            fs.delete(VPath.of("a/empty/f"));
            assertThat(fs.stat(VPath.of("a/empty")).isDirectory()).isTrue();
            fs.delete(VPath.of("a/empty"));
            assertThat(fs.exists(VPath.of("a/empty"))).isFalse();
            assertThat(fs.stat(VPath.of("a")).isDirectory()).as("the parent outlives its last entry").isTrue();
        }
    }

    @Test
    void aRenameOntoALog_withReplace_leavesTheSourcesBytesThere() throws IOException {
        try (VikingFs fs = open(new InMemoryObjectClient(), "p")) {
            fs.append(VPath.of("t.jsonl"), "{\"old\":1}", true);
            fs.atomicWrite(VPath.of("new.jsonl"), b("{\"new\":1}\n"), WriteOptions.DEFAULT);
            fs.rename(VPath.of("new.jsonl"), VPath.of("t.jsonl"), io.vikingfs.RenameOptions.DEFAULT.withReplace(true));
            assertThat(fs.read(VPath.of("t.jsonl"))).isEqualTo(b("{\"new\":1}\n"));
            assertThat(fs.exists(VPath.of("new.jsonl"))).isFalse();
        }
    }

    @Test
    void aRenameOntoAPathUnderAFile_isRefused_andChangesNothing() throws IOException {
        InMemoryObjectClient store = new InMemoryObjectClient();
        try (VikingFs fs = open(store, "p")) {
            fs.atomicWrite(VPath.of("f"), b("a file"), WriteOptions.DEFAULT);
            fs.atomicWrite(VPath.of("src"), b("moved"), WriteOptions.DEFAULT);
            var before = store.snapshot().keySet();
            assertThatThrownBy(() -> fs.rename(VPath.of("src"), VPath.of("f/x"), io.vikingfs.RenameOptions.DEFAULT))
                    .isInstanceOf(java.nio.file.FileSystemException.class).hasMessageContaining("f/x")
                    .hasMessageContaining("'f' to be a directory but it is a file");
            assertThat(store.snapshot().keySet()).as("nothing changed").isEqualTo(before);
            assertThat(fs.read(VPath.of("src"))).isEqualTo(b("moved"));
        }
    }

    @Test
    void aRenameOfTheRootOrOntoIt_isRefused_namingTheRoot() throws IOException {
        InMemoryObjectClient store = new InMemoryObjectClient();
        try (VikingFs fs = open(store, "p")) {
            fs.atomicWrite(VPath.of("src"), b("kept"), WriteOptions.DEFAULT);
            var before = store.snapshot().keySet();
            for (VPath[] srcDst : List.of(new VPath[] {VPath.ROOT, VPath.of("dst")},
                    new VPath[] {VPath.of("src"), VPath.ROOT})) {
                assertThatThrownBy(() -> fs.rename(srcDst[0], srcDst[1], io.vikingfs.RenameOptions.DEFAULT))
                        .isInstanceOfSatisfying(java.nio.file.FileSystemException.class,
                                e -> assertThat(e.getFile()).isEqualTo(VPath.ROOT.toString()));
            }
            assertThat(store.snapshot().keySet()).as("nothing changed").isEqualTo(before);
        }
    }

    @Test
    void deleteRecursivelyOfTheRoot_emptiesThePrefix_andNothingBeyondIt() throws IOException {
        InMemoryObjectClient store = new InMemoryObjectClient();
        try (VikingFs other = open(store, "q")) {
            other.atomicWrite(VPath.of("kept"), b("another prefix"), WriteOptions.DEFAULT);
        }
        try (VikingFs fs = open(store, "p")) {
            fs.atomicWrite(VPath.of("a/f"), b("1"), WriteOptions.DEFAULT);
            fs.append(VPath.of("t.jsonl"), "{\"n\":1}", true);
            fs.deleteRecursively(VPath.ROOT);
            assertThat(ObjectFixtures.files(fs)).isEmpty();
            assertThat(fs.exists(VPath.of("a"))).isFalse();
        }
        assertThat(store.snapshot().keySet()).allMatch(k -> k.startsWith("q/")).isNotEmpty();
    }

    @Test
    void aPrefixNamesTheSameStore_withOrWithoutItsSlashes() throws IOException {
        InMemoryObjectClient store = new InMemoryObjectClient();
        try (VikingFs fs = open(store, "/p/")) {
            fs.atomicWrite(VPath.of("a/f"), b("1"), WriteOptions.DEFAULT);
        }
        for (String prefix : List.of("p", "p/", "/p")) {
            try (VikingFs fs = open(store, prefix)) {
                assertThat(fs.read(VPath.of("a/f"))).as(prefix).isEqualTo(b("1"));
            }
        }
        assertThat(store.snapshot().keySet()).allMatch(k -> k.startsWith("p/"));
    }

    @Test
    void aClosedStore_sendsNoRequest_stageIncluded() throws IOException {
        List<String> requests = new ArrayList<>();
        boolean[] closed = new boolean[1];
        InMemoryObjectClient store = new InMemoryObjectClient();
        VikingFs fs = open(store.view((i, op, key) -> {
            if (closed[0]) {
                requests.add(op + " " + key);
            }
            return Outcome.APPLY;
        }), "p");
        fs.mkdirs(VPath.of("a"));
        fs.close();
        closed[0] = true;
        assertThatThrownBy(() -> fs.stage(VPath.of("a/live"))).isInstanceOf(ClosedFileSystemException.class);
        assertThatThrownBy(() -> fs.stat(VPath.of("a"))).isInstanceOf(ClosedFileSystemException.class);
        assertThat(requests).as("requests after close").isEmpty();
    }
}
