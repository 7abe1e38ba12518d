package io.vikingfs;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VPathTest {
    @Test
    void of_validPath_keepsSegmentsAndText() {
        VPath p = VPath.of("sessions/abc/messages.jsonl");
        assertThat(p.segments()).containsExactly("sessions", "abc", "messages.jsonl");
        assertThat(p.toString()).isEqualTo("sessions/abc/messages.jsonl");
        assertThat(p.name()).isEqualTo("messages.jsonl");
        assertThat(p.parent()).isEqualTo(VPath.of("sessions/abc"));
        assertThat(VPath.of("a").parent()).isEqualTo(VPath.ROOT);
        assertThat(VPath.ROOT.parent()).isNull();
        assertThat(p.parent()).as("made once, then kept").isSameAs(p.parent());
    }

    @Test
    void of_dotVfsInsideASegment_isAllowed() {
        assertThat(VPath.of("a.vfs/x.vfs").segments()).containsExactly("a.vfs", "x.vfs");
    }

    @Test
    void of_reservedPrefixInAnyCase_isRejectedNamingTheRule() {
        for (String bad : List.of(".vfs", ".VFS-x", "a/.Vfs", ".vfs-tmp-1")) {
            assertThatThrownBy(() -> VPath.of(bad))
                    .isInstanceOfSatisfying(InvalidVPathException.class,
                            e -> assertThat(e.rule()).isEqualTo(InvalidVPathException.Rule.RESERVED_NAME))
                    .hasMessageContaining("reserved");
        }
    }

    @Test
    void of_limits_segment255BytesOkAnd256Rejected() {
        assertThat(VPath.of("a".repeat(255)).name()).hasSize(255);
        assertThatThrownBy(() -> VPath.of("é".repeat(128)))
                .isInstanceOfSatisfying(InvalidVPathException.class,
                        e -> assertThat(e.rule()).isEqualTo(InvalidVPathException.Rule.SEGMENT_TOO_LONG));
    }

    @Test
    void of_limits_path1024BytesOkAnd1025Rejected() {
        String ok = String.join("/", "a".repeat(200), "b".repeat(200), "c".repeat(200), "d".repeat(200),
                "e".repeat(220));
        assertThat(ok.length()).isEqualTo(1024);
        assertThat(VPath.of(ok).segments()).hasSize(5);
        assertThatThrownBy(() -> VPath.of(ok + "f"))
                .isInstanceOfSatisfying(InvalidVPathException.class,
                        e -> assertThat(e.rule()).isEqualTo(InvalidVPathException.Rule.PATH_TOO_LONG));
    }

    @Test
    void resolve_pastTheLimit_isRejected() {
        VPath base = VPath.of("a".repeat(250) + "/" + "b".repeat(250) + "/" + "c".repeat(250));
        assertThatThrownBy(() -> base.resolve("d".repeat(250) + "/" + "e".repeat(30)))
                .isInstanceOf(InvalidVPathException.class);
    }

    @Test
    void message_namesPathAndRule_withControlsEscaped() {
        assertThatThrownBy(() -> VPath.of("a\u0000b"))
                .hasMessageContaining("a\\u0000b").hasMessageContaining("control character");
    }

    @Test
    void compareNames_isCodePointOrder_matchingS3ByteOrder() {
        List<String> names = new ArrayList<>(List.of("b", "a", "\uD83D\uDE00", "\uFFFD", "B", "a0", "a"));
        names.sort(VPath::compareNames);
        assertThat(names).containsExactly("B", "a", "a", "a0", "b", "\uFFFD", "\uD83D\uDE00");
    }

    @Test
    void contains_isSegmentWise() {
        assertThat(VPath.of("a/b").contains(VPath.of("a/b/c"))).isTrue();
        assertThat(VPath.of("a/b").contains(VPath.of("a/bc"))).isFalse();
        assertThat(VPath.ROOT.contains(VPath.of("x"))).isTrue();
    }
}
