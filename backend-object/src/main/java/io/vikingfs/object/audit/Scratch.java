package io.vikingfs.object.audit;

import io.vikingfs.object.client.ListPage;
import io.vikingfs.object.client.ObjectClient;
import io.vikingfs.object.client.ObjectMeta;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The audit's private prefix: {@code <parent>.vfs-audit-<uuid>/}, hidden from listings by the {@code .vfs}
 * rule and unique so two audits never meet. Remembers every key it handed out, so cleanup also removes what a
 * lagging listing would not show yet.
 */
final class Scratch {
    private final ObjectClient client;
    private final String prefix;
    private final Set<String> handedOut = ConcurrentHashMap.newKeySet();

    Scratch(ObjectClient client, String parent) {
        this.client = client;
        this.prefix = parent + ".vfs-audit-" + UUID.randomUUID() + "/";
    }

    String prefix() {
        return prefix;
    }

    /** The full key of {@code name} under the scratch prefix. */
    String key(String name) {
        String k = prefix + name;
        handedOut.add(k);
        return k;
    }

    /** The full prefix of a folder under the scratch prefix (not itself a key, so not remembered). */
    String dir(String name) {
        return prefix + name;
    }

    /**
     * Deletes every key under the prefix and checks the listing comes back empty, waiting up to {@code lagWait}
     * for a lagging listing to catch up.
     *
     * @throws IOException naming the keys left behind if the prefix cannot be emptied
     */
    void removeAll(Duration lagWait) throws IOException {
        long deadline = System.nanoTime() + lagWait.toNanos();
        while (true) {
            List<String> keys = new ArrayList<>(handedOut);
            for (ObjectMeta m : listAll()) {
                if (!keys.contains(m.key())) {
                    keys.add(m.key());
                }
            }
            for (String k : keys) {
                client.delete(k);
            }
            List<ObjectMeta> left = listAll();
            if (left.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("store audit: could not empty its scratch prefix " + prefix + " on "
                        + client.describe() + "; left behind: " + left.stream().map(ObjectMeta::key).limit(10).toList()
                        + " — delete them by hand");
            }
            pause(50);
        }
    }

    private List<ObjectMeta> listAll() throws IOException {
        List<ObjectMeta> all = new ArrayList<>();
        String after = null;
        while (true) {
            ListPage page = client.list(prefix, null, after, 1000);
            all.addAll(page.objects());
            if (!page.truncated() || page.objects().isEmpty()) {
                return all;
            }
            after = page.objects().get(page.objects().size() - 1).key();
        }
    }

    static void pause(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("store audit interrupted");
        }
    }
}
