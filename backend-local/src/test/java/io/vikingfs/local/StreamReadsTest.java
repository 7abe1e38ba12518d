package io.vikingfs.local;

import io.vikingfs.VPath;
import io.vikingfs.WriteOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code newInputStream} as an {@link InputStream}: one byte at a time as 0–255 then -1, a closed stream refuses
 * reads, closing twice is harmless, and closing releases the file's descriptor.
 */
class StreamReadsTest {
    @TempDir
    Path root;

    @Test
    void bytesOneAtATime_areUnsigned_thenEndOfStream_andCloseReleasesTheDescriptor() throws IOException {
        try (LocalVikingFs fs = LocalVikingFs.open(root)) {
            VPath f = VPath.of("f");
            fs.atomicWrite(f, new byte[] {0, 0x7f, (byte) 0x80, (byte) 0xff, 'a'}, WriteOptions.DEFAULT);
            InputStream in = fs.newInputStream(f);
            assertThat(new int[] {in.read(), in.read(), in.read(), in.read(), in.read(), in.read()})
                    .containsExactly(0, 0x7f, 0x80, 0xff, 'a', -1);
            in.close();
            in.close();
            assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasMessageContaining("closed");
            assertThat(OpeningTest.openUnder(root.toRealPath())).as("the stream's descriptor left open")
                    .noneMatch(p -> p.getFileName().toString().equals("f"));
        }
    }
}
