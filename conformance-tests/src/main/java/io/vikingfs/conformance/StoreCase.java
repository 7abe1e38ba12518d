package io.vikingfs.conformance;

import io.vikingfs.Capabilities;
import io.vikingfs.Capability;
import io.vikingfs.DirEntry;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.WriteOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The base of every area of the suite: a fresh fixture and open store per test, and the small helpers the cases
 * share. Each area is an abstract class; {@link VikingFsConformance} binds it to the backend's fixture factory as a
 * {@code @Nested} class.
 */
public abstract class StoreCase {
    /** The backend's fixture for the running test. */
    protected BackendFixture fixture;
    /** The open store of {@link #fixture}. */
    protected VikingFs fs;
    /** What the store declares. */
    protected Capabilities caps;
    private boolean open;

    /** A new fixture of the backend under test (the nested class forwards to its suite's factory). */
    protected abstract BackendFixture newFixture() throws Exception;

    @BeforeEach
    final void openFreshStore() throws Exception {
        fixture = newFixture();
        fs = fixture.open();
        open = true;
        caps = fs.capabilities();
    }

    @AfterEach
    final void closeStore() throws Exception {
        try {
            if (open) {
                open = false;
                fs.close();
            }
        } finally {
            if (fixture != null) {
                fixture.close();
            }
        }
    }

    /** Closes the store (the test then checks the closed state, or reopens it). */
    protected void closeFs() throws IOException {
        open = false;
        fs.close();
    }

    /** Closes the store and opens the same store again, as a restarted process would. */
    protected void reopen() throws IOException {
        if (open) {
            closeFs();
        }
        fs = fixture.open();
        open = true;
    }

    protected void assumeCapability(Capability c) {
        assumeTrue(caps.has(c), () -> "backend does not declare " + c);
    }

    protected static VPath p(String path) {
        return VPath.of(path);
    }

    protected static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    protected static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Writes a file for a test's setup (not durable: setup needs visibility, not power-loss survival). */
    protected void put(String path, String content) throws IOException {
        fs.atomicWrite(p(path), utf8(content), WriteOptions.durable(false));
    }

    protected String read(String path) throws IOException {
        return text(fs.read(p(path)));
    }

    /** The names {@code list} returns, in its order. */
    protected List<String> names(VPath dir) throws IOException {
        try (Stream<DirEntry> s = fs.list(dir)) {
            return s.map(DirEntry::name).collect(Collectors.toList());
        }
    }

    /** The paths {@code walk} returns, in its order. */
    protected List<String> walked(VPath dir) throws IOException {
        try (Stream<DirEntry> s = fs.walk(dir)) {
            return s.map(e -> e.path().toString() + (e.isDirectory() ? "/" : "")).collect(Collectors.toList());
        }
    }

    /** Every file's bytes and every directory, through the public API. */
    protected StoreSnapshot snapshot() throws IOException {
        return StoreSnapshot.of(fs);
    }

    /** The error names the path it is about, as every error of the library must. */
    protected static void assertNamesPath(Throwable e, VPath path) {
        String named = e instanceof FileSystemException ? ((FileSystemException) e).getFile() + " "
                + e.getMessage() : String.valueOf(e.getMessage());
        assertThat(named).as("error should name the path %s: %s", path, e).contains(path.toString());
    }
}
