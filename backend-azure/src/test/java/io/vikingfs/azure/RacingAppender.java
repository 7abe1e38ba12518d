package io.vikingfs.azure;

import io.vikingfs.object.client.AppendableObjectClient;
import io.vikingfs.object.client.ObjectPreconditionFailedException;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * One writer of a shared append blob, as the append-position condition lets it be: append at the length it
 * knows; on a precondition failure (another writer's block came first) read the length again and retry. A main
 * too, so that child JVMs race as separate processes: {@code RacingAppender ENDPOINT CONTAINER KEY WRITER N}.
 */
final class RacingAppender {
    private final AppendableObjectClient client;
    private final String key;
    private long knownLength;
    private int lostRaces;

    RacingAppender(AppendableObjectClient client, String key) {
        this.client = client;
        this.key = key;
    }

    /** The record {@code i} of {@code writer}: one JSON line. */
    static String record(String writer, int i) {
        return "{\"w\":\"" + writer + "\",\"i\":" + i + "}\n";
    }

    void append(String line) throws IOException {
        byte[] block = line.getBytes(StandardCharsets.UTF_8);
        while (true) {
            try {
                knownLength = client.append(key, block, knownLength).meta().size();
                return;
            } catch (ObjectPreconditionFailedException e) {
                lostRaces++;
                knownLength = client.head(key).orElseThrow().size();
            }
        }
    }

    int lostRaces() {
        return lostRaces;
    }

    public static void main(String[] args) throws Exception {
        try (AzureObjectClient c = AzureObjectClient.builder().endpoint(URI.create(args[0]))
                .credentials(EmbeddedAzurite.ACCOUNT, EmbeddedAzurite.ACCOUNT_KEY).container(args[1]).build()) {
            RacingAppender a = new RacingAppender(c, args[2]);
            for (int i = 0; i < Integer.parseInt(args[4]); i++) {
                a.append(record(args[3], i));
            }
        }
    }
}
