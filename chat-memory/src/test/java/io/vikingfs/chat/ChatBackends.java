package io.vikingfs.chat;

import io.vikingfs.VikingFs;
import io.vikingfs.s3.EmbeddedS3;
import io.vikingfs.s3.S3VikingFsProvider;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The three backends the chat-memory tests run on, each opened by URI as a user would: {@code file:} on a temporary
 * folder, {@code mem:}, and {@code s3://} on S3Proxy started in this JVM ({@code audit=off}: these tests vouch for
 * the store they start, and serialise each conversation's writers in one store instance). {@link #open()} opens
 * another handle on the same storage, for reading back through a cold cache.
 */
public final class ChatBackends implements AutoCloseable {
    /** An id with a space, a separator and a colon: it must map to one folder, never a path. */
    public static final String ODD_ID = "user 42/session:1";
    /** Turns of the long conversation; {@code -Dvikingfs.chat.turns=N} lowers it (S3 costs ~35 ms a message). */
    public static final int TURNS = Integer.getInteger("vikingfs.chat.turns", 1000);

    private final URI uri;
    private final EmbeddedS3 s3;
    private final VikingFs keepAlive;

    private ChatBackends(URI uri, EmbeddedS3 s3) throws IOException {
        this.uri = uri;
        this.s3 = s3;
        this.keepAlive = VikingFs.open(uri); // a mem: store lives while one handle is open
    }

    /** {@code kind} is {@code file}, {@code mem} or {@code s3}. */
    public static ChatBackends start(String kind, Path tempDir) throws IOException {
        String name = "chat-" + UUID.randomUUID().toString().substring(0, 8);
        switch (kind) {
            case "file":
                return new ChatBackends(URI.create("file:" + tempDir.toAbsolutePath()), null);
            case "mem":
                return new ChatBackends(URI.create("mem:" + name), null);
            case "s3":
                EmbeddedS3 s3 = EmbeddedS3.startTransient(name);
                System.setProperty(S3VikingFsProvider.ACCESS_KEY_PROPERTY, s3.accessKey());
                System.setProperty(S3VikingFsProvider.SECRET_KEY_PROPERTY, s3.secretKey());
                try {
                    return new ChatBackends(URI.create("s3://" + name + "/agents?endpoint="
                            + URLEncoder.encode(s3.endpoint().toString(), StandardCharsets.UTF_8)
                            + "&region=" + EmbeddedS3.REGION + "&audit=off"), s3);
                } catch (IOException | RuntimeException e) {
                    s3.close();
                    throw e;
                }
            default:
                throw new IllegalArgumentException("unknown backend kind '" + kind + "': file, mem or s3");
        }
    }

    /** The URI a user would configure. */
    public URI uri() {
        return uri;
    }

    /** A new handle on the same storage; the caller closes it. */
    public VikingFs open() throws IOException {
        return VikingFs.open(uri);
    }

    @Override
    public void close() throws IOException {
        try {
            keepAlive.close();
        } finally {
            if (s3 != null) {
                System.clearProperty(S3VikingFsProvider.ACCESS_KEY_PROPERTY);
                System.clearProperty(S3VikingFsProvider.SECRET_KEY_PROPERTY);
                s3.close();
            }
        }
    }
}
