package io.vikingfs.junit;

import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.WriteOptions;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Copies a folder of the test class path into a store ({@link StoreContent}). */
final class ResourceFolder {
    private ResourceFolder() {
    }

    static void copy(ClassLoader loader, String folder, VikingFs fs) throws IOException {
        String name = folder.replaceAll("^/+|/+$", "");
        URL url = loader.getResource(name);
        if (url == null) {
            throw new ExtensionConfigurationException("@StoreContent(\"" + folder + "\"): no such folder on the test"
                    + " class path; put it under src/test/resources/" + name);
        }
        try {
            if ("jar".equals(url.getProtocol())) {
                try (FileSystem jar = FileSystems.newFileSystem(url.toURI(), Map.of())) {
                    copyTree(jar.getPath(name), fs);
                }
            } else {
                copyTree(Path.of(url.toURI()), fs);
            }
        } catch (URISyntaxException e) {
            throw new ExtensionConfigurationException("@StoreContent(\"" + folder + "\"): cannot read " + url, e);
        }
    }

    private static void copyTree(Path root, VikingFs fs) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new ExtensionConfigurationException("@StoreContent: " + root + " is a file, not a folder");
        }
        List<Path> all;
        try (Stream<Path> walk = Files.walk(root)) {
            all = walk.sorted().toList();
        }
        for (Path p : all) {
            if (p.equals(root)) {
                continue;
            }
            VPath target = VPath.of(root.relativize(p).toString().replace('\\', '/'));
            if (Files.isDirectory(p)) {
                fs.mkdirs(target);
            } else {
                fs.atomicWrite(target, Files.readAllBytes(p), WriteOptions.DEFAULT);
            }
        }
    }
}
