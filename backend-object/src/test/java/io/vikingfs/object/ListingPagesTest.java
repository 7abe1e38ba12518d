package io.vikingfs.object;

import io.vikingfs.DirEntry;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.WriteOptions;
import io.vikingfs.object.client.ForwardingObjectClient;
import io.vikingfs.object.client.InMemoryObjectClient;
import io.vikingfs.object.client.ListPage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code list} as docs/contract.md promises it — every entry, sorted by name in UTF-8 byte order, streamed — where
 * S3's key order differs from name order: a directory's key ends in '/', so directory {@code a} (key {@code a/})
 * lists after files {@code a b} and {@code a!} (' ' and '!' sort before '/') though its name sorts first. Pages of
 * one key put every such pair on different pages; and a listing streams: one page of names per entry taken.
 */
class ListingPagesTest {
    private static final VPath DIR = VPath.of("d");

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Counts the delimited LISTs of {@code d}'s names (not its logs, not the existence checks). */
    private static final class CountingNamePages extends ForwardingObjectClient {
        final AtomicInteger pages = new AtomicInteger();

        CountingNamePages(InMemoryObjectClient store) {
            super(store);
        }

        @Override
        public ListPage list(String prefix, String delimiter, String startAfter, int maxKeys) throws IOException {
            if (prefix.equals("root/d/") && "/".equals(delimiter)) {
                pages.incrementAndGet();
            }
            return super.list(prefix, delimiter, startAfter, maxKeys);
        }
    }

    private static VikingFs open(ForwardingObjectClient client, int pageSize) throws IOException {
        return ObjectVikingFs.open(client, "root", ObjectStoreOptions.DEFAULT.withListPageSize(pageSize), true,
                URI.create("s3://memory/root"), null);
    }

    @Test
    void namesThatSortBeforeADirectoryWhoseKeyListsFirst_areListedInNameOrder_onEveryPageSize() throws IOException {
        InMemoryObjectClient store = new InMemoryObjectClient();
        try (VikingFs fs = open(new CountingNamePages(store), 1000)) {
            fs.atomicWrite(DIR.resolve("a b"), b("1"), WriteOptions.DEFAULT);
            fs.atomicWrite(DIR.resolve("a!"), b("2"), WriteOptions.DEFAULT);
            fs.atomicWrite(DIR.resolve("a/x"), b("3"), WriteOptions.DEFAULT);
            fs.append(DIR.resolve("a log"), "{}", true);
            fs.atomicWrite(DIR.resolve("b"), b("4"), WriteOptions.DEFAULT);
        }
        for (int pageSize : new int[] {1, 2, 3, 1000}) {
            try (VikingFs fs = open(new CountingNamePages(store), pageSize);
                 Stream<DirEntry> listed = fs.list(DIR)) {
                assertThat(listed.map(e -> e.path().name()).toList()).as("pages of %d keys", pageSize)
                        .containsExactly("a", "a b", "a log", "a!", "b");
            }
        }
    }

    @Test
    void aListingStreams_onePageOfNamesPerEntryTaken() throws IOException {
        InMemoryObjectClient store = new InMemoryObjectClient();
        CountingNamePages client = new CountingNamePages(store);
        try (VikingFs fs = open(client, 1)) {
            List<String> names = List.of("f0", "f1", "f2", "f3", "f4");
            for (String n : names) {
                fs.atomicWrite(DIR.resolve(n), b(n), WriteOptions.DEFAULT);
            }
            client.pages.set(0);
            try (Stream<DirEntry> listed = fs.list(DIR)) {
                assertThat(client.pages).as("opening the listing reads its first entry only").hasValue(1);
                Iterator<DirEntry> it = listed.iterator();
                for (int taken = 1; taken <= names.size(); taken++) {
                    assertThat(it.next().path().name()).isEqualTo(names.get(taken - 1));
                    assertThat(client.pages.get()).as("pages after %d entries", taken).isLessThanOrEqualTo(taken + 1);
                }
                assertThat(it.hasNext()).isFalse();
            }
        }
    }
}
