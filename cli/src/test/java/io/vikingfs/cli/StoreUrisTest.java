package io.vikingfs.cli;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoreUrisTest {
    @Test
    void child_ofAFolder_isASubFolder() {
        assertThat(StoreUris.child(URI.create("file:/tmp/store"), "t1")).isEqualTo(URI.create("file:/tmp/store/t1"));
        assertThat(StoreUris.child(URI.create("file:///tmp/store/"), "t1"))
                .isEqualTo(URI.create("file:///tmp/store/t1"));
    }

    @Test
    void child_ofAnS3Prefix_keepsBucketAndEndpoint() {
        URI base = URI.create("s3://bucket/prefix?endpoint=http://127.0.0.1:9000");

        assertThat(StoreUris.child(base, "run-1")).isEqualTo(URI.create("s3://bucket/prefix/run-1?endpoint=http://127.0.0.1:9000"));
        assertThat(StoreUris.child(URI.create("s3://bucket"), "t2")).isEqualTo(URI.create("s3://bucket/t2"));
    }

    @Test
    void child_ofAMemoryName_isALongerName() {
        assertThat(StoreUris.child(URI.create("mem:scratch"), "t3")).isEqualTo(URI.create("mem:scratch-t3"));
    }

    @Test
    void child_nameWithSlash_isRefused() {
        assertThatThrownBy(() -> StoreUris.child(URI.create("mem:x"), "a/b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a/b");
    }
}
