package io.vikingfs.object;

import io.vikingfs.StagedDirectory;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.WriteOptions;
import io.vikingfs.object.client.InMemoryObjectClient;
import io.vikingfs.object.client.InMemoryObjectClient.Outcome;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A read of {@code live/f} while another client switches {@code live} (docs/contract.md: {@code switchDirectory}
 * replaces the directory as a whole, for every reader at once): the switch lands inside the reader's lookup — after
 * it resolved {@code live} to the old generation, before it looked for {@code f} there — so {@code f}, absent from
 * the old generation, is found in the new one instead of being reported missing.
 */
class ReadsRacingSwitchesTest {
    private static final VPath LIVE = VPath.of("w/live");

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static VikingFs open(InMemoryObjectClient view) throws IOException {
        return ObjectVikingFs.open(view, "root", ObjectStoreOptions.DEFAULT, true, URI.create("s3://memory/root"), null);
    }

    private static void switchIn(VikingFs fs, String file, String content) throws IOException {
        try (StagedDirectory staged = fs.stage(LIVE)) {
            fs.atomicWrite(staged.path().resolve(file), b(content), WriteOptions.DEFAULT);
            staged.commit(true);
        }
    }

    @Test
    void aFileOnlyTheNewGenerationHolds_isFound_whenTheSwitchLandsInsideTheReadersLookup() throws IOException {
        InMemoryObjectClient store = new InMemoryObjectClient();
        try (VikingFs other = open(store)) {
            switchIn(other, "g", "old generation");
            boolean[] switched = new boolean[1];
            InMemoryObjectClient readerView = store.view((i, op, key) -> {
                if (!switched[0] && op.equals("head") && key.contains("/.vfs-gen/") && key.endsWith("/f")) {
                    switched[0] = true; // the reader resolved live to the old generation and now looks for f there
                    try {
                        switchIn(other, "f", "new generation");
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return Outcome.APPLY;
            });
            try (VikingFs reader = open(readerView)) {
                assertThat(reader.read(LIVE.resolve("f"))).isEqualTo(b("new generation"));
                assertThat(switched[0]).as("the switch landed inside the read").isTrue();
            }
        }
    }
}
