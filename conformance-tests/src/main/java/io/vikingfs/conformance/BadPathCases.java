package io.vikingfs.conformance;

import io.vikingfs.InvalidVPathException;
import io.vikingfs.InvalidVPathException.Rule;
import io.vikingfs.RenameOptions;
import io.vikingfs.VPath;
import io.vikingfs.WriteOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Bad input, part 1: every rule of {@link VPath}, table-driven. Each invalid path is refused with an
 * {@link InvalidVPathException} naming the path and the rule, by every entry point (parsing, joining, and every
 * writing operation of the store), and the store stays byte-for-byte as it was. Boundary paths that are valid
 * round-trip through the store.
 */
public abstract class BadPathCases extends StoreCase {
    private StoreSnapshot seeded;

    static Stream<Arguments> invalidPaths() {
        String a255 = "a".repeat(255);
        String e127 = "\u00e9".repeat(127); // 254 UTF-8 bytes
        return Stream.of(
                Arguments.of("empty string", "", Rule.EMPTY),
                Arguments.of("leading slash", "/a", Rule.EMPTY_SEGMENT),
                Arguments.of("trailing slash", "a/", Rule.EMPTY_SEGMENT),
                Arguments.of("double slash", "a//b", Rule.EMPTY_SEGMENT),
                Arguments.of("only a slash", "/", Rule.EMPTY_SEGMENT),
                Arguments.of("absolute path", "/etc/passwd", Rule.EMPTY_SEGMENT),
                Arguments.of("dot", ".", Rule.DOT_SEGMENT),
                Arguments.of("dot-dot", "..", Rule.DOT_SEGMENT),
                Arguments.of("inner dot", "a/./b", Rule.DOT_SEGMENT),
                Arguments.of("inner dot-dot", "a/../b", Rule.DOT_SEGMENT),
                Arguments.of("escape by dot-dot", "../outside", Rule.DOT_SEGMENT),
                Arguments.of("trailing dot-dot", "a/b/..", Rule.DOT_SEGMENT),
                Arguments.of("NUL", "a\u0000b", Rule.CONTROL_CHARACTER),
                Arguments.of("SOH", "\u0001", Rule.CONTROL_CHARACTER),
                Arguments.of("newline", "a\nb", Rule.CONTROL_CHARACTER),
                Arguments.of("carriage return", "a\rb", Rule.CONTROL_CHARACTER),
                Arguments.of("tab", "a\tb", Rule.CONTROL_CHARACTER),
                Arguments.of("unit separator U+001F", "x/\u001f", Rule.CONTROL_CHARACTER),
                Arguments.of("DEL U+007F", "a\u007fb", Rule.CONTROL_CHARACTER),
                Arguments.of("C1 U+0080", "a\u0080b", Rule.CONTROL_CHARACTER),
                Arguments.of("C1 U+009F", "dir/\u009f", Rule.CONTROL_CHARACTER),
                Arguments.of("backslash", "a\\b", Rule.BACKSLASH),
                Arguments.of("windows path", "C:\\Users\\x", Rule.BACKSLASH),
                Arguments.of("backslash dot-dot", "..\\x", Rule.BACKSLASH),
                Arguments.of("unpaired high surrogate", "a\uD800b", Rule.INVALID_UNICODE),
                Arguments.of("unpaired low surrogate at end", "a\uDC00", Rule.INVALID_UNICODE),
                Arguments.of("reversed surrogate pair", "\uDE00\uD83D", Rule.INVALID_UNICODE),
                Arguments.of("256-byte ASCII segment", "d/" + a255 + "b", Rule.SEGMENT_TOO_LONG),
                Arguments.of("256-byte segment of 2-byte chars", "\u00e9".repeat(128), Rule.SEGMENT_TOO_LONG),
                Arguments.of("258-byte segment of 3-byte chars", "\u65e5".repeat(86), Rule.SEGMENT_TOO_LONG),
                Arguments.of("256-byte segment of 4-byte chars", "\uD83D\uDE00".repeat(64), Rule.SEGMENT_TOO_LONG),
                Arguments.of("1025-byte ASCII path", String.join("/", a255, a255, a255, "a".repeat(254), "bb"),
                        Rule.PATH_TOO_LONG),
                Arguments.of("1025-byte path of 2-byte chars", String.join("/", e127, e127, e127, e127, "abcde"),
                        Rule.PATH_TOO_LONG),
                Arguments.of("reserved .vfs", ".vfs", Rule.RESERVED_NAME),
                Arguments.of("reserved .VFS", ".VFS", Rule.RESERVED_NAME),
                Arguments.of("reserved .vfs-tmp", ".vfs-tmp", Rule.RESERVED_NAME),
                Arguments.of("reserved inner .vfs-lock", "logs/.vfs-lock", Rule.RESERVED_NAME),
                Arguments.of("reserved mixed case .Vfs", "a/.Vfs.gen/b", Rule.RESERVED_NAME));
    }

    static Stream<String> validBoundaryPaths() {
        String a255 = "a".repeat(255);
        return Stream.of(
                a255,
                "\u00e9".repeat(127) + "x",
                String.join("/", a255, a255, a255, "a".repeat(254), "b"), // exactly 1024 bytes
                "...", "..a", ".x", "a.vfs", "vfs", ".vf", "-", " leading and trailing space ",
                "\uD83D\uDE00/\u65e5\u672c/\u00e9");
    }

    /** The path as {@code InvalidPathException.getInput()} shows it: control characters and surrogates escaped. */
    private static String printable(String path) {
        StringBuilder sb = new StringBuilder();
        for (char c : path.toCharArray()) {
            sb.append(Character.isISOControl(c) || Character.isSurrogate(c) ? String.format("\\u%04x", (int) c) : c);
        }
        return sb.toString();
    }

    @BeforeEach
    void seedStore() throws IOException {
        put("seed/doc.json", "{\"seed\":true}");
        fs.appendAll(p("seed/log.jsonl"), List.of("1", "2"), false);
        fs.mkdirs(p("seed/dir"));
        seeded = snapshot();
    }

    private interface PathUse {
        void use(String path) throws Exception;
    }

    private List<PathUse> everyEntryPoint() {
        return List.of(
                VPath::of,
                bad -> VPath.of("ok").resolve(bad),
                bad -> VPath.of("ok", bad),
                bad -> fs.atomicWrite(VPath.of(bad), utf8("x"), WriteOptions.DEFAULT),
                bad -> fs.append(VPath.of(bad), "{}", true),
                bad -> fs.mkdirs(VPath.of(bad)),
                bad -> fs.rename(p("seed/doc.json"), VPath.of(bad), RenameOptions.DEFAULT.withReplace(true)),
                bad -> fs.switchDirectory(p("seed/dir"), VPath.of(bad), true),
                bad -> fs.deleteRecursively(VPath.of(bad)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidPaths")
    void invalidPath_refusedNamingPathAndRule_storeUntouched(String description, String bad, Rule rule)
            throws IOException {
        assertThatThrownBy(() -> VPath.of(bad)).isInstanceOfSatisfying(InvalidVPathException.class, e -> {
            assertThat(e.rule()).isEqualTo(rule);
            assertThat(e.getInput()).isEqualTo(printable(bad));
            assertThat(e.getMessage()).contains(rule.name().toLowerCase().replace('_', ' '));
            assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("\u0000");
        });
        for (PathUse entry : everyEntryPoint()) {
            assertThatThrownBy(() -> entry.use(bad)).isInstanceOfSatisfying(InvalidVPathException.class,
                    e -> assertThat(e.rule()).isEqualTo(rule));
        }
        assertEquals(seeded, snapshot(), "an invalid path must leave the store byte-for-byte untouched");
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("validBoundaryPaths")
    void validBoundaryPath_accepted_andRoundTripsThroughStore(String good) throws IOException {
        VPath path = VPath.of(good);
        assertThat(path.toString()).isEqualTo(good);
        assertThat(path.toUtf8()).isEqualTo(good.getBytes(StandardCharsets.UTF_8));
        fs.atomicWrite(path, utf8(good), WriteOptions.durable(false));
        assertThat(read(good)).isEqualTo(good);
        assertThat(walked(VPath.ROOT)).contains(good);
    }
}
