package io.vikingfs.conformance;

import io.vikingfs.Precondition;
import io.vikingfs.PreconditionFailedException;
import io.vikingfs.Version;
import io.vikingfs.WriteOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.FileSystemException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code atomicWrite}: exact bytes, new parents, preconditions, versions, file-versus-directory conflicts. */
public abstract class AtomicWriteCases extends StoreCase {

    @ParameterizedTest(name = "durable={0}")
    @ValueSource(booleans = {true, false})
    void atomicWrite_newFile_holdsExactBytes(boolean durable) throws IOException {
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        fs.atomicWrite(p("bin/all-bytes"), all, WriteOptions.durable(durable));
        assertThat(fs.read(p("bin/all-bytes"))).isEqualTo(all);
    }

    @ParameterizedTest(name = "durable={0}")
    @ValueSource(booleans = {true, false})
    void atomicWrite_missingParents_areCreatedAsDirectories(boolean durable) throws IOException {
        fs.atomicWrite(p("a/b/c/d/doc.json"), utf8("{}"), WriteOptions.durable(durable));
        assertThat(read("a/b/c/d/doc.json")).isEqualTo("{}");
        for (String dir : new String[] {"a", "a/b", "a/b/c", "a/b/c/d"}) {
            assertThat(fs.stat(p(dir)).isDirectory()).as(dir).isTrue();
        }
    }

    @ParameterizedTest(name = "new content: {0}")
    @ValueSource(strings = {"", "s", "a much longer replacement than the original content was"})
    void atomicWrite_existingFile_replacedByExactlyTheNewBytes(String replacement) throws IOException {
        put("f.txt", "the original content");
        fs.atomicWrite(p("f.txt"), utf8(replacement), WriteOptions.DEFAULT);
        assertThat(read("f.txt")).isEqualTo(replacement);
        assertThat(fs.stat(p("f.txt")).size()).isEqualTo(utf8(replacement).length);
    }

    @Test
    void atomicWrite_largeFile_roundTrips() throws IOException {
        byte[] big = ReadingCases.randomBytes(4 << 20, 42);
        fs.atomicWrite(p("big.bin"), big, WriteOptions.DEFAULT);
        assertThat(fs.read(p("big.bin"))).isEqualTo(big);
    }

    @Test
    void atomicWrite_returnedVersionEqualsStatVersion() throws IOException {
        Version created = fs.atomicWrite(p("v.txt"), utf8("1"), WriteOptions.DEFAULT);
        assertThat(fs.stat(p("v.txt")).version()).isEqualTo(created);
        Version replaced = fs.atomicWrite(p("v.txt"), utf8("22"), WriteOptions.durable(false));
        assertThat(fs.stat(p("v.txt")).version()).isEqualTo(replaced).isNotEqualTo(created);
    }

    @Test
    void atomicWrite_ifAbsent_missingFile_creates() throws IOException {
        Version v = fs.atomicWrite(p("new/one.txt"), utf8("first"), WriteOptions.precondition(Precondition.ifAbsent()));
        assertThat(read("new/one.txt")).isEqualTo("first");
        assertThat(fs.stat(p("new/one.txt")).version()).isEqualTo(v);
    }

    @Test
    void atomicWrite_ifAbsent_existingFile_failsAndChangesNothing() throws IOException {
        put("taken.txt", "original");
        StoreSnapshot before = snapshot();
        assertThatThrownBy(() -> fs.atomicWrite(p("taken.txt"), utf8("intruder"),
                WriteOptions.precondition(Precondition.ifAbsent())))
                .isInstanceOfSatisfying(PreconditionFailedException.class, e -> {
                    assertThat(e.precondition()).isEqualTo(Precondition.ifAbsent());
                    assertNamesPath(e, p("taken.txt"));
                });
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void atomicWrite_ifAbsent_existingDirectory_fails() throws IOException {
        fs.mkdirs(p("dir/inner"));
        StoreSnapshot before = snapshot();
        assertThatThrownBy(() -> fs.atomicWrite(p("dir"), utf8("x"), WriteOptions.precondition(Precondition.ifAbsent())))
                .isInstanceOf(FileSystemException.class);
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void atomicWrite_ifMatch_currentVersion_replacesAndReturnsNewVersion() throws IOException {
        Version v1 = fs.atomicWrite(p("cas.txt"), utf8("1"), WriteOptions.DEFAULT);
        Version v2 = fs.atomicWrite(p("cas.txt"), utf8("2"), WriteOptions.precondition(Precondition.ifMatch(v1)));
        assertThat(read("cas.txt")).isEqualTo("2");
        assertThat(v2).isNotEqualTo(v1).isEqualTo(fs.stat(p("cas.txt")).version());
    }

    @Test
    void atomicWrite_ifMatch_staleVersion_failsAndChangesNothing() throws IOException {
        Version v1 = fs.atomicWrite(p("cas.txt"), utf8("1"), WriteOptions.DEFAULT);
        Version v2 = fs.atomicWrite(p("cas.txt"), utf8("2"), WriteOptions.durable(false));
        StoreSnapshot before = snapshot();
        assertThatThrownBy(() -> fs.atomicWrite(p("cas.txt"), utf8("lost update"),
                WriteOptions.precondition(Precondition.ifMatch(v1))))
                .isInstanceOfSatisfying(PreconditionFailedException.class, e -> {
                    assertThat(e.precondition()).isEqualTo(Precondition.ifMatch(v1));
                    if (e.actual() != null) {
                        assertThat(e.actual()).isEqualTo(v2);
                    }
                    assertNamesPath(e, p("cas.txt"));
                });
        assertThat(snapshot()).isEqualTo(before);
        assertThat(fs.stat(p("cas.txt")).version()).isEqualTo(v2);
    }

    @Test
    void atomicWrite_ifMatch_missingFile_failsAndCreatesNothing() throws IOException {
        Version old = fs.atomicWrite(p("gone.txt"), utf8("was here"), WriteOptions.DEFAULT);
        fs.delete(p("gone.txt"));
        StoreSnapshot before = snapshot();
        assertThatThrownBy(() -> fs.atomicWrite(p("gone.txt"), utf8("resurrected"),
                WriteOptions.precondition(Precondition.ifMatch(old))))
                .isInstanceOf(PreconditionFailedException.class);
        assertThat(snapshot()).isEqualTo(before);
        assertThat(fs.exists(p("gone.txt"))).isFalse();
    }

    @Test
    void atomicWrite_ifMatch_missingParent_failsAndCreatesNoDirectory() throws IOException {
        Version v = fs.atomicWrite(p("elsewhere.txt"), utf8("x"), WriteOptions.DEFAULT);
        StoreSnapshot before = snapshot();
        assertThatThrownBy(() -> fs.atomicWrite(p("fresh/dir/f.txt"), utf8("x"),
                WriteOptions.precondition(Precondition.ifMatch(v))))
                .isInstanceOf(PreconditionFailedException.class);
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void atomicWrite_ifMatch_chain_eachVersionUsableExactlyOnce() throws IOException {
        Version v = fs.atomicWrite(p("chain"), utf8("0"), WriteOptions.DEFAULT);
        for (int i = 1; i <= 5; i++) {
            Version used = v;
            v = fs.atomicWrite(p("chain"), utf8(Integer.toString(i)), WriteOptions.precondition(Precondition.ifMatch(used))
                    .withDurable(i % 2 == 0));
            assertThatThrownBy(() -> fs.atomicWrite(p("chain"), utf8("again"),
                    WriteOptions.precondition(Precondition.ifMatch(used))))
                    .isInstanceOf(PreconditionFailedException.class);
        }
        assertThat(read("chain")).isEqualTo("5");
    }

    @Test
    void atomicWrite_pathIsDirectory_failsAndDirectoryIntact() throws IOException {
        put("dir/child.txt", "kept");
        StoreSnapshot before = snapshot();
        assertThatThrownBy(() -> fs.atomicWrite(p("dir"), utf8("file over dir"), WriteOptions.DEFAULT))
                .isInstanceOf(FileSystemException.class)
                .satisfies(e -> assertNamesPath(e, p("dir")));
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void atomicWrite_parentIsFile_failsAndFileIntact() throws IOException {
        put("file.txt", "kept");
        StoreSnapshot before = snapshot();
        assertThatThrownBy(() -> fs.atomicWrite(p("file.txt/child.txt"), utf8("x"), WriteOptions.DEFAULT))
                .isInstanceOf(FileSystemException.class);
        assertThatThrownBy(() -> fs.atomicWrite(p("file.txt/deeper/child.txt"), utf8("x"), WriteOptions.DEFAULT))
                .isInstanceOf(FileSystemException.class);
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void atomicWrite_manyRewrites_leaveNoTempFiles() throws IOException {
        for (int i = 0; i < 25; i++) {
            fs.atomicWrite(p("d/reg.json"), utf8("{\"n\":" + i + "}"), WriteOptions.durable(i % 5 == 0));
        }
        assertThat(names(p("d"))).containsExactly("reg.json");
        assertThat(fs.recover(false).tempFiles()).as("W4: temp files are reclaimed").isEmpty();
    }

    @Test
    void atomicWrite_sameBytesTwice_statReportsTheLastReturnedVersion() throws IOException {
        Version a = fs.atomicWrite(p("same"), utf8("identical"), WriteOptions.DEFAULT);
        Version b = fs.atomicWrite(p("same"), utf8("identical"), WriteOptions.DEFAULT);
        assertThat(read("same")).isEqualTo("identical");
        assertThat(fs.stat(p("same")).version()).isEqualTo(b);
        assertThat(a).as("every write returns a version").isNotNull();
    }
}
