package io.vikingfs.object;

import io.vikingfs.DirEntry;
import io.vikingfs.RenameOptions;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.VikingFsException;
import io.vikingfs.WriteOptions;
import io.vikingfs.object.client.ForwardingObjectClient;
import io.vikingfs.object.client.InMemoryObjectClient;
import io.vikingfs.object.client.ObjectClient;
import io.vikingfs.object.client.ObjectStoreException;
import io.vikingfs.object.client.PutMode;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedFileSystemException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The API edge of {@link ObjectVikingFs} where S3 differs most from a file system, on the in-memory object client:
 * a directory outlives its last entry (contract §2: {@code delete} and {@code rename} as {@code java.nio.file.Files},
 * where a directory has no implicit existence), and a closed store refuses every call and has released its client
 * and what {@code open} was given to release.
 */
class ApiEdgeTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> names(VikingFs fs, String dir) throws IOException {
        try (Stream<DirEntry> s = fs.list(VPath.of(dir))) {
            return s.map(d -> d.path().name() + (d.isDirectory() ? "/" : "")).sorted().toList();
        }
    }

    @Test
    void toString_namesTheStoreByItsUri() throws IOException {
        URI uri = URI.create("s3://bucket/some/prefix?endpoint=embedded");
        try (VikingFs fs = ObjectVikingFs.open(new InMemoryObjectClient(), "some/prefix", ObjectStoreOptions.DEFAULT,
                true, uri, null)) {
            assertThat(fs.toString()).as("what log lines name the store by").startsWith("ObjectVikingFs")
                    .contains(uri.toString());
        }
    }

    @Test
    void aDirectoryOutlivesItsLastEntry_whicheverWayTheEntryLeaves() throws IOException {
        try (VikingFs fs = ObjectVikingFs.open(new InMemoryObjectClient(), "p", ObjectStoreOptions.DEFAULT, true,
                URI.create("s3://memory/p"), null)) {
            fs.atomicWrite(VPath.of("a/deleted/f"), b("1"), WriteOptions.DEFAULT);
            fs.atomicWrite(VPath.of("a/ifExists/f"), b("2"), WriteOptions.DEFAULT);
            fs.append(VPath.of("a/log/t.jsonl"), "{\"r\":1}", true);
            fs.atomicWrite(VPath.of("a/renamed/f"), b("3"), WriteOptions.DEFAULT);
            fs.atomicWrite(VPath.of("a/tree/sub/f"), b("4"), WriteOptions.DEFAULT);

            fs.delete(VPath.of("a/deleted/f"));
            assertThat(fs.deleteIfExists(VPath.of("a/ifExists/f"))).isTrue();
            fs.delete(VPath.of("a/log/t.jsonl"));
            fs.rename(VPath.of("a/renamed/f"), VPath.of("elsewhere/f"), RenameOptions.DEFAULT);
            fs.deleteRecursively(VPath.of("a/tree/sub"));

            assertThat(names(fs, "a")).containsExactly("deleted/", "ifExists/", "log/", "renamed/", "tree/");
            for (String d : List.of("a/deleted", "a/ifExists", "a/log", "a/renamed", "a/tree")) {
                assertThat(fs.stat(VPath.of(d)).isDirectory()).as(d).isTrue();
                assertThat(names(fs, d)).as(d).isEmpty();
            }
        }
    }

    @Test
    void aStoreFailure_namesTheOperationThePathAndTheStore_andSaysWhetherItMayHaveTakenEffect() throws IOException {
        InMemoryObjectClient store = new InMemoryObjectClient();
        boolean[] failPuts = new boolean[1];
        try (VikingFs fs = ObjectVikingFs.open(store.view((i, op, key) -> failPuts[0] && op.equals("put")
                ? InMemoryObjectClient.Outcome.DROP : InMemoryObjectClient.Outcome.APPLY), "p", ObjectStoreOptions.DEFAULT,
                true, URI.create("s3://memory/p"), null)) {
            failPuts[0] = true;
            // a transport failure: the request may or may not have reached the store
            assertThatThrownBy(() -> fs.atomicWrite(VPath.of("d/f"), b("x"), WriteOptions.DEFAULT))
                    .isInstanceOf(VikingFsException.class)
                    .hasMessageContaining("d/f").hasMessageContaining("atomicWrite failed on")
                    .hasMessageContaining("re-read before retrying")
                    .hasCauseInstanceOf(IOException.class);
            // the library's own errors pass through as they are
            failPuts[0] = false;
            assertThatThrownBy(() -> fs.delete(VPath.of("missing"))).isInstanceOf(NoSuchFileException.class)
                    .hasMessageContaining("missing");
        }
        try (VikingFs fs = ObjectVikingFs.open(new ForwardingObjectClient(store) {
            @Override
            public io.vikingfs.object.client.ObjectMeta put(String key, byte[] data, PutMode mode) throws IOException {
                throw new ObjectStoreException("PUT " + key + " on the test store: 403 AccessDenied — grant"
                        + " s3:PutObject", 403, false, null);
            }
        }, "p", ObjectStoreOptions.DEFAULT, true, URI.create("s3://memory/p"), null)) {
            // a store's answer already says what to do: nothing is added that would be wrong
            assertThatThrownBy(() -> fs.atomicWrite(VPath.of("d/g"), b("x"), WriteOptions.DEFAULT))
                    .isInstanceOf(VikingFsException.class)
                    .hasMessageContaining("d/g").hasMessageContaining("atomicWrite failed on")
                    .hasMessageContaining("grant s3:PutObject")
                    .hasMessageNotContaining("re-read before retrying");
        }
    }

    @Test
    void optionsAcceptTheirDocumentedEdges_andRefuseWhatLiesBeyond() {
        ObjectStoreOptions edges = ObjectStoreOptions.DEFAULT.withCompactionFanout(2).withListPageSize(1).withReclaimGrace(Duration.ZERO);
        assertThat(edges.compactionFanout()).isEqualTo(2);
        assertThat(edges.withListPageSize(1000).listPageSize()).isEqualTo(1000);
        assertThatThrownBy(() -> ObjectStoreOptions.DEFAULT.withCompactionFanout(1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("compactionFanout must be at least 2, got 1");
        assertThatThrownBy(() -> ObjectStoreOptions.DEFAULT.withListPageSize(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1..1000, got 0");
        assertThatThrownBy(() -> ObjectStoreOptions.DEFAULT.withListPageSize(1001)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1..1000, got 1001");
        assertThatThrownBy(() -> ObjectStoreOptions.DEFAULT.withReclaimGrace(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be negative");
    }

    @Test
    void aClosedStore_refusesEveryCall_andHasClosedItsClientAndWhatItWasGivenToRelease() throws IOException {
        AtomicInteger clientClosed = new AtomicInteger();
        AtomicInteger released = new AtomicInteger();
        ObjectClient client = new ForwardingObjectClient(new InMemoryObjectClient()) {
            @Override
            public void close() throws IOException {
                clientClosed.incrementAndGet();
                super.close();
            }
        };
        VikingFs fs = ObjectVikingFs.open(client, "p", ObjectStoreOptions.DEFAULT, true, URI.create("s3://memory/p"),
                released::incrementAndGet);
        fs.atomicWrite(VPath.of("d/f"), b("x"), WriteOptions.DEFAULT);
        fs.close();
        fs.close(); // a second close is a no-op
        assertThat(clientClosed).hasValue(1);
        assertThat(released).hasValue(1);
        VPath f = VPath.of("d/f");
        List<ThrowingCallable> calls = List.of(() -> fs.read(f), () -> fs.stat(f), () -> fs.exists(f),
                () -> fs.list(VPath.of("d")), () -> fs.walk(VPath.of("d")),
                () -> fs.atomicWrite(f, b("y"), WriteOptions.DEFAULT), () -> fs.append(VPath.of("t.jsonl"), "{}", true),
                () -> fs.appendAll(VPath.of("t.jsonl"), List.of("{}"), true), () -> fs.readRecords(f),
                () -> fs.newInputStream(f), () -> fs.delete(f), () -> fs.deleteIfExists(f),
                () -> fs.deleteRecursively(VPath.of("d")), () -> fs.mkdirs(VPath.of("e")),
                () -> fs.rename(f, VPath.of("g"), RenameOptions.DEFAULT), () -> fs.repairLog(VPath.of("t.jsonl"), true),
                () -> fs.switchDirectory(VPath.of("d"), VPath.of("live"), true), () -> fs.stage(VPath.of("live")),
                () -> fs.recover(false));
        for (int i = 0; i < calls.size(); i++) {
            assertThatThrownBy(calls.get(i)).as("call %d after close", i)
                    .isInstanceOf(ClosedFileSystemException.class);
        }
    }
}
