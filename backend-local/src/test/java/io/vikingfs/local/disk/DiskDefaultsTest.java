package io.vikingfs.local.disk;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a disk written against {@link Disk} gets when it implements only the required primitives (the defaults'
 * Javadoc): {@code names} yields what {@code list} does; {@code linkCount} is -1, "cannot say", so the protocols
 * never rely on hard links there. And a {@link ForwardingDiskFile} hands out the file it wraps.
 */
class DiskDefaultsTest {
    @TempDir
    Path root;

    /** {@code delegate} seen through {@link Disk}'s abstract methods only: every default method is Disk's own. */
    private static Disk withDefaults(Disk delegate) {
        return (Disk) Proxy.newProxyInstance(Disk.class.getClassLoader(), new Class<?>[] {Disk.class},
                (proxy, method, args) -> {
                    if (method.isDefault()) {
                        return InvocationHandler.invokeDefault(proxy, method, args);
                    }
                    try {
                        return method.invoke(delegate, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void theDefaults_streamTheListing_andCannotCountLinks() throws IOException {
        Disk disk = withDefaults(new NioDisk(root));
        Files.write(root.resolve("a"), new byte[0]);
        Files.createDirectory(root.resolve("b"));
        List<String> streamed = new ArrayList<>();
        try (DirectoryStream<String> names = disk.names(disk.root())) {
            names.forEach(streamed::add);
        }
        assertThat(streamed).containsExactlyInAnyOrderElementsOf(disk.list(disk.root())).containsExactlyInAnyOrder("a", "b");
        assertThat(disk.linkCount(disk.root().resolve("a"))).isEqualTo(-1);
    }

    @Test
    void aForwardingFile_handsOutTheFileItWraps() throws IOException {
        NioDisk disk = new NioDisk(root);
        try (DiskFile file = disk.createNew(disk.root().resolve("f"))) {
            ForwardingDiskFile forwarding = new ForwardingDiskFile(file) {
            };
            assertThat(forwarding.delegate()).isSameAs(file);
            assertThat(forwarding.path()).isEqualTo(file.path());
        }
    }
}
