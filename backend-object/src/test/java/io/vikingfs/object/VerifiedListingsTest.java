package io.vikingfs.object;

import io.vikingfs.DirEntry;
import io.vikingfs.EntryKind;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.WriteOptions;
import io.vikingfs.object.audit.FaultyObjectClients;
import io.vikingfs.object.client.BrokenListingException;
import io.vikingfs.object.client.ForwardingObjectClient;
import io.vikingfs.object.client.InMemoryObjectClient;
import io.vikingfs.object.client.ListPage;
import io.vikingfs.object.client.ObjectClient;
import io.vikingfs.object.client.ObjectMeta;
import io.vikingfs.object.client.PutMode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Listings never drop an entry a store returned and never take a page that breaks the rules: the field's case
 * (every common prefix repeated on every page: 56 of 60 subdirectories lost) and its kin list completely, or fail
 * naming the defect (contract §2: list is complete, never silently capped).
 */
class VerifiedListingsTest {
    private static final int FILES = 45;
    private static final int DIRS = 25;
    private static final int PAGE = 10; // fewer than the subdirectories, as 1000 is fewer than a big directory's

    private static VikingFs open(ObjectClient client) throws IOException {
        return ObjectVikingFs.open(client, "p", ObjectStoreOptions.DEFAULT.withListPageSize(PAGE), true,
                URI.create("s3://memory/p"), null);
    }

    /** {@code d/} with FILES files and DIRS subdirectories (one file each), written straight to the store. */
    private static InMemoryObjectClient populated() throws IOException {
        InMemoryObjectClient store = new InMemoryObjectClient();
        byte[] b = "x".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < FILES; i++) {
            store.put(String.format("p/d/f%03d", i), b, PutMode.OVERWRITE);
        }
        for (int i = 0; i < DIRS; i++) {
            store.put(String.format("p/d/s%03d/inner", i), b, PutMode.OVERWRITE);
        }
        return store;
    }

    private static List<String> expected() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < FILES; i++) {
            names.add(String.format("f%03d", i));
        }
        for (int i = 0; i < DIRS; i++) {
            names.add(String.format("s%03d", i));
        }
        return names;
    }

    private static List<String> names(VikingFs fs, VPath dir) throws IOException {
        try (Stream<DirEntry> s = fs.list(dir)) {
            return s.map(e -> e.path().name()).collect(Collectors.toList());
        }
    }

    @Test
    void everyPrefixRepeatedOnEveryPage_listsCompletely() throws IOException {
        try (VikingFs fs = open(FaultyObjectClients.prefixesOnEveryPage(populated()))) {
            assertThat(names(fs, VPath.of("d"))).containsExactlyElementsOf(expected());
            try (Stream<DirEntry> s = fs.list(VPath.of("d"))) {
                assertThat(s.filter(e -> e.kind() == EntryKind.DIRECTORY).count()).isEqualTo(DIRS);
            }
        }
    }

    @Test
    void prefixesBeyondMaxKeys_listsCompletely() throws IOException {
        try (VikingFs fs = open(FaultyObjectClients.prefixesBeyondMaxKeys(populated()))) {
            assertThat(names(fs, VPath.of("d"))).containsExactlyElementsOf(expected());
        }
    }

    @Test
    void aStoreWhoseFlatPagesAreBrokenToo_isRefusedNamingTheDefect() throws IOException {
        ObjectClient repeatsFirstKey = new ForwardingObjectClient(populated()) {
            @Override
            public ListPage list(String prefix, String delimiter, String startAfter, int maxKeys) throws IOException {
                ListPage p = delegate.list(prefix, delimiter, startAfter, maxKeys);
                ListPage first = delegate.list(prefix, delimiter, null, 1);
                List<ObjectMeta> objects = new ArrayList<>(first.objects());
                objects.addAll(p.objects().subList(Math.min(1, p.objects().size()), p.objects().size()));
                return startAfter == null ? p : new ListPage(objects, p.commonPrefixes(), p.truncated());
            }
        };
        // opening recovers, which lists the prefix: the broken pages are found there already
        assertThatThrownBy(() -> open(repeatsFirstKey).close()).isInstanceOf(BrokenListingException.class)
                .hasMessageContaining("p/").hasMessageContaining("the store repeats entries of earlier pages")
                .hasMessageContaining("use a store whose ListObjectsV2 keeps max-keys and start-after");
    }

    @Test
    void keysOfPutsInProgress_neverListedAsFiles() throws Exception {
        java.util.concurrent.atomic.AtomicInteger tempsListed = new java.util.concurrent.atomic.AtomicInteger();
        ObjectClient faulty = new ForwardingObjectClient(
                FaultyObjectClients.inFlightKeysListed(new InMemoryObjectClient(), 15)) {
            @Override
            public ListPage list(String prefix, String delimiter, String startAfter, int maxKeys) throws IOException {
                ListPage p = delegate.list(prefix, delimiter, startAfter, maxKeys);
                p.objects().stream().filter(o -> o.key().matches(".*-[0-9a-f]{8}-.*"))
                        .forEach(o -> tempsListed.incrementAndGet());
                return p;
            }
        };
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try (VikingFs fs = open(faulty)) {
            fs.mkdirs(VPath.of("busy"));
            AtomicBoolean stop = new AtomicBoolean();
            Future<?> writes = writer.submit(() -> {
                for (int i = 0; !stop.get() && i < 40; i++) {
                    fs.atomicWrite(VPath.of("busy/f" + i), new byte[]{1}, WriteOptions.DEFAULT);
                }
                return null;
            });
            for (int round = 0; round < 30 && !writes.isDone(); round++) {
                for (String name : names(fs, VPath.of("busy"))) {
                    assertThat(name).doesNotMatch(".*-[0-9a-f]{8}-.*");
                    assertThat(fs.exists(VPath.of("busy/" + name))).as(name).isTrue();
                }
                Thread.sleep(3);
            }
            stop.set(true);
            writes.get();
            assertThat(tempsListed.get()).as("the store listed temp objects of PUTs in progress").isPositive();
        } finally {
            writer.shutdownNow();
        }
    }
}
