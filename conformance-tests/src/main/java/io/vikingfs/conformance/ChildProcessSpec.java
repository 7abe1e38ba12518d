package io.vikingfs.conformance;

import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a child JVM opens the same store as the parent test: a URI for {@link io.vikingfs.VikingFs#open(URI)} and
 * the class path that holds the backend and this module (whose {@link CrossProcessAppender} is the child's main
 * class).
 *
 * @param storeUri  the store's URI, as the child passes it to {@code VikingFs.open}
 * @param classPath the child's class path ({@link File#pathSeparator}-separated)
 * @param jvmArgs   extra JVM arguments (for example {@code -Xmx64m})
 */
public record ChildProcessSpec(URI storeUri, String classPath, List<String> jvmArgs) {
    public ChildProcessSpec {
        Objects.requireNonNull(storeUri, "storeUri");
        Objects.requireNonNull(classPath, "classPath");
        jvmArgs = List.copyOf(jvmArgs);
    }

    /**
     * A child on this JVM's own class path (under Maven Surefire, its booter jar, whose manifest lists the test
     * class path), with a small heap.
     */
    public static ChildProcessSpec onCurrentClassPath(URI storeUri) {
        return new ChildProcessSpec(storeUri, System.getProperty("java.class.path"), List.of("-Xmx96m",
                "-XX:TieredStopAtLevel=1", "-Xshare:auto"));
    }

    /** The command line running {@code mainClass} with {@code args} in a child JVM. */
    public List<String> command(Class<?> mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(mainClass.getName());
        cmd.addAll(args);
        return cmd;
    }
}
