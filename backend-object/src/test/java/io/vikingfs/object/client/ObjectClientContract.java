package io.vikingfs.object.client;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link ObjectClient} promises, checked against one implementation per subclass: the in-memory client
 * here, each real client in its backend (this module's test jar).
 */
public abstract class ObjectClientContract {

    /** A client of an empty bucket (or of a fresh prefix of one: keys start with {@link #base()}). */
    protected abstract ObjectClient client();

    protected abstract String base();

    /** Whether the store's ETag of a single-part object is the MD5 of its body (S3's is; Azure's is not). */
    protected boolean etagIsBodyMd5() {
        return true;
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void put_create_failsIfPresent_andChangesNothing() throws Exception {
        ObjectClient c = client();
        String k = base() + "a";
        ObjectMeta first = c.put(k, b("one"), PutMode.CREATE);
        if (etagIsBodyMd5()) {
            assertThat(first.etag()).isEqualTo(InMemoryObjectClient.md5Hex(b("one")));
        }
        assertThatThrownBy(() -> c.put(k, b("two"), PutMode.CREATE)).isInstanceOf(ObjectPreconditionFailedException.class);
        assertThat(c.get(k).orElseThrow().data()).isEqualTo(b("one"));
    }

    @Test
    void everyPut_storesTheSha256OfItsBody_whichGetHeadAndCopyReturn() throws Exception {
        ObjectClient c = client();
        String k = base() + "sum";
        String expected = BodyChecksum.sha256Hex(b("checked"));
        assertThat(c.put(k, b("checked"), PutMode.OVERWRITE).sha256()).isEqualTo(expected);
        assertThat(c.get(k).orElseThrow().meta().sha256()).isEqualTo(expected);
        assertThat(c.head(k).orElseThrow().sha256()).isEqualTo(expected);
        c.copy(k, base() + "sum-copy");
        assertThat(c.get(base() + "sum-copy").orElseThrow().meta().sha256()).isEqualTo(expected);
    }

    @Test
    void everyPut_storesTheCrc32cOfItsBody_whichGetHeadAndCopyReturn() throws Exception {
        ObjectClient c = client();
        String k = base() + "crc";
        String expected = BodyChecksum.crc32cHex(b("checked"));
        assertThat(expected).matches("[0-9a-f]{8}");
        assertThat(c.put(k, b("checked"), PutMode.OVERWRITE).crc32c()).isEqualTo(expected);
        assertThat(c.get(k).orElseThrow().meta().crc32c()).isEqualTo(expected);
        assertThat(c.head(k).orElseThrow().crc32c()).isEqualTo(expected);
        c.copy(k, base() + "crc-copy");
        assertThat(c.get(base() + "crc-copy").orElseThrow().meta().crc32c()).isEqualTo(expected);
    }

    @Test
    void put_update_requiresCurrentEtag() throws Exception {
        ObjectClient c = client();
        String k = base() + "u";
        ObjectMeta v1 = c.put(k, b("one"), PutMode.OVERWRITE);
        ObjectMeta v2 = c.put(k, b("two"), PutMode.update(v1.etag()));
        assertThatThrownBy(() -> c.put(k, b("three"), PutMode.update(v1.etag())))
                .isInstanceOf(ObjectPreconditionFailedException.class);
        assertThatThrownBy(() -> c.put(base() + "missing", b("x"), PutMode.update(v1.etag())))
                .isInstanceOf(ObjectPreconditionFailedException.class);
        StoredObject now = c.get(k).orElseThrow();
        assertThat(now.data()).isEqualTo(b("two"));
        assertThat(now.meta().etag()).isEqualTo(v2.etag());
        assertThat(c.head(k).orElseThrow().etag()).isEqualTo(v2.etag());
    }

    @Test
    void getHeadDelete_missingKey_areEmptyOrSucceed() throws Exception {
        ObjectClient c = client();
        assertThat(c.get(base() + "nope")).isEmpty();
        assertThat(c.head(base() + "nope")).isEmpty();
        c.delete(base() + "nope");
        assertThatThrownBy(() -> c.copy(base() + "nope", base() + "dst")).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void copy_thenDelete_movesTheBytes() throws Exception {
        ObjectClient c = client();
        c.put(base() + "src", b("payload"), PutMode.OVERWRITE);
        ObjectMeta copied = c.copy(base() + "src", base() + "dst");
        if (etagIsBodyMd5()) {
            assertThat(copied.etag()).isEqualTo(InMemoryObjectClient.md5Hex(b("payload")));
        }
        c.delete(base() + "src");
        assertThat(c.get(base() + "src")).isEmpty();
        assertThat(c.get(base() + "dst").orElseThrow().data()).isEqualTo(b("payload"));
    }

    @Test
    void list_pagesThroughEverything_inOrder_withCommonPrefixes() throws Exception {
        ObjectClient c = client();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            c.put(base() + "d/f" + i, b("x"), PutMode.OVERWRITE);
            expected.add(base() + "d/f" + i);
        }
        c.put(base() + "d/sub/x", b("x"), PutMode.OVERWRITE);
        c.put(base() + "d/sub/y", b("x"), PutMode.OVERWRITE);
        c.put(base() + "d/zz/y", b("x"), PutMode.OVERWRITE);
        List<String> keys = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        String after = null;
        for (int guard = 0; guard < 50; guard++) {
            ListPage page = c.list(base() + "d/", "/", after, 3);
            page.objects().forEach(o -> keys.add(o.key()));
            prefixes.addAll(page.commonPrefixes());
            if (!page.truncated()) {
                break;
            }
            String lastKey = page.objects().isEmpty() ? null : page.objects().get(page.objects().size() - 1).key();
            String lastPrefix = page.commonPrefixes().isEmpty() ? null
                    : page.commonPrefixes().get(page.commonPrefixes().size() - 1);
            after = lastPrefix == null || lastKey != null && lastKey.compareTo(lastPrefix) > 0 ? lastKey : lastPrefix;
        }
        assertThat(keys).containsExactlyElementsOf(expected);
        assertThat(prefixes).containsExactly(base() + "d/sub/", base() + "d/zz/");
        List<String> all = new ArrayList<>();
        c.list(base() + "d/", null, null, 100).objects().forEach(o -> all.add(o.key()));
        assertThat(all).hasSize(10);
    }
}
