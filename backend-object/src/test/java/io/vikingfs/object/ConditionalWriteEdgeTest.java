package io.vikingfs.object;

import io.vikingfs.Precondition;
import io.vikingfs.PreconditionFailedException;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.Version;
import io.vikingfs.WriteOptions;
import io.vikingfs.object.client.InMemoryObjectClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A failed {@code atomicWrite(ifMatch)} on the in-memory object client names the version it found
 * ({@link PreconditionFailedException#actual()}: the file's current version, or null where there is no file), so
 * the caller can re-read and retry; the file is unchanged.
 */
class ConditionalWriteEdgeTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aStaleIfMatch_namesTheVersionFound_andChangesNothing() throws IOException {
        try (VikingFs fs = ObjectVikingFs.open(new InMemoryObjectClient(), "p", ObjectStoreOptions.DEFAULT, true,
                URI.create("s3://memory/p"), null)) {
            VPath f = VPath.of("d/f.json");
            Version first = fs.atomicWrite(f, b("1"), WriteOptions.DEFAULT);
            Version second = fs.atomicWrite(f, b("2"), WriteOptions.DEFAULT);
            Version current = fs.stat(f).version();
            assertThatThrownBy(() -> fs.atomicWrite(f, b("3"), WriteOptions.precondition(Precondition.ifMatch(first))))
                    .isInstanceOfSatisfying(PreconditionFailedException.class,
                            e -> assertThat(e.actual()).isEqualTo(second).isEqualTo(current));
            assertThat(fs.read(f)).isEqualTo(b("2"));
            assertThatThrownBy(() -> fs.atomicWrite(VPath.of("d/none"), b("3"),
                    WriteOptions.precondition(Precondition.ifMatch(first))))
                    .isInstanceOfSatisfying(PreconditionFailedException.class, e -> assertThat(e.actual()).isNull());
            assertThat(fs.exists(VPath.of("d/none"))).isFalse();
        }
    }
}
