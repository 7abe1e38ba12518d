package io.vikingfs.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import io.vikingfs.CorruptRecordException;
import io.vikingfs.ForwardingVikingFs;
import io.vikingfs.Precondition;
import io.vikingfs.Records;
import io.vikingfs.StagedDirectory;
import io.vikingfs.RenameOptions;
import io.vikingfs.VPath;
import io.vikingfs.Version;
import io.vikingfs.VikingFs;
import io.vikingfs.WriteOptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The conveniences written once over the primitives: {@link Records} (Jackson) and {@link ForwardingVikingFs}. */
public abstract class HelperCases extends StoreCase {

    /** A JSON record type for the round trips. */
    public record Turn(String role, String text, int n) {
    }

    @Test
    void records_appendJsonThenReadJson_roundTripsValues() throws IOException {
        List<Turn> turns = List.of(new Turn("user", "hi\nthere", 1), new Turn("agent", "\u65e5\u672c \"q\"", 2));
        Records.appendJson(fs, p("t/messages.jsonl"), turns, true);
        Records.appendJson(fs, p("t/messages.jsonl"), new Turn("user", "bye", 3), false);
        assertThat(Records.readJson(fs, p("t/messages.jsonl"), Turn.class))
                .containsExactly(turns.get(0), turns.get(1), new Turn("user", "bye", 3));
        assertThat(fs.readRecords(p("t/messages.jsonl")).records()).hasSize(3);
    }

    @Test
    void records_readJsonNodes_returnsTrees() throws IOException {
        fs.appendAll(p("n.jsonl"), List.of("{\"a\":1}", "[1,2]", "\"s\""), false);
        List<JsonNode> nodes = Records.readJsonNodes(fs, p("n.jsonl"));
        assertThat(nodes).hasSize(3);
        assertThat(nodes.get(0).get("a").asInt()).isEqualTo(1);
        assertThat(nodes.get(1).isArray()).isTrue();
    }

    @Test
    void records_readJson_notJsonLine_throwsCorruptRecordNamingIndexAndPath() throws IOException {
        fs.appendAll(p("bad.jsonl"), List.of("{\"role\":\"user\",\"text\":\"ok\",\"n\":1}", "not json at all"), false);
        assertThatThrownBy(() -> Records.readJson(fs, p("bad.jsonl"), Turn.class))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("record #1")
                .satisfies(e -> assertNamesPath(e, p("bad.jsonl")));
    }

    @Test
    void records_readJson_skipsDamageButKeepsValidRecords() throws IOException {
        fs.atomicWrite(p("d.jsonl"), utf8("{\"a\":1}\n\u0001\n{\"a\":2}\n{\"a\""), WriteOptions.durable(false));
        assertThat(Records.readJsonNodes(fs, p("d.jsonl"))).extracting(n -> n.get("a").asInt()).containsExactly(1, 2);
    }

    @Test
    void records_writeJsonThenReadDocument_roundTrips() throws IOException {
        Version v = Records.writeJson(fs, p("reg/sessions.json"), Map.of("s1", "active"), WriteOptions.DEFAULT);
        assertThat(Records.readDocument(fs, p("reg/sessions.json"), Map.class)).isEqualTo(Map.of("s1", "active"));
        Records.writeJson(fs, p("reg/sessions.json"), Map.of("s1", "done"), WriteOptions.precondition(Precondition.ifMatch(v)));
        assertThatThrownBy(() -> Records.writeJson(fs, p("reg/sessions.json"), Map.of(), WriteOptions.precondition(
                Precondition.ifMatch(v)))).isInstanceOf(io.vikingfs.PreconditionFailedException.class);
        assertThat(Records.readDocument(fs, p("reg/sessions.json"), Map.class)).isEqualTo(Map.of("s1", "done"));
    }

    @Test
    void records_readDocument_invalidJson_throwsCorruptRecordAndKeepsBytes() throws IOException {
        put("doc.json", "{\"truncated\":");
        assertThatThrownBy(() -> Records.readDocument(fs, p("doc.json"), Map.class))
                .isInstanceOf(CorruptRecordException.class);
        assertThat(read("doc.json")).isEqualTo("{\"truncated\":");
    }

    @Test
    void records_toRecord_isOneLineEvenForMultilineText() {
        String r = Records.toRecord(Records.defaultMapper(), new Turn("u", "line1\nline2\r\n", 0));
        assertThat(r).doesNotContain("\n").doesNotContain("\r");
        assertThat(io.vikingfs.spi.Jsonl.problem(r)).isNull();
    }

    /** A delegate that only records which method reached it. */
    private static VikingFs recordingDelegate(List<Method> reached) {
        return (VikingFs) Proxy.newProxyInstance(VikingFs.class.getClassLoader(), new Class<?>[] {VikingFs.class},
                (proxy, method, args) -> {
                    reached.add(method);
                    Class<?> r = method.getReturnType();
                    if (r == boolean.class) {
                        return false;
                    }
                    if (r == long.class) {
                        return 0L;
                    }
                    if (r == StagedDirectory.class) {
                        return StagedDirectory.of((VikingFs) proxy, VPath.of("x.staged-0"), (VPath) args[0], () -> {
                        });
                    }
                    return null;
                });
    }

    private static Object dummy(Class<?> type) {
        if (type == VPath.class) {
            return VPath.of("x");
        }
        if (type == boolean.class) {
            return true;
        }
        if (type == byte[].class) {
            return new byte[] {1};
        }
        if (type == WriteOptions.class) {
            return WriteOptions.DEFAULT;
        }
        if (type == RenameOptions.class) {
            return RenameOptions.DEFAULT;
        }
        if (type == List.class) {
            return List.of("{}");
        }
        if (type == String.class) {
            return "{}";
        }
        throw new AssertionError("the forwarding test needs a dummy value for " + type
                + ": a VikingFs method was added; extend dummy()");
    }

    @Test
    void forwardingVikingFs_forwardsEveryMethodOfVikingFs() throws Exception {
        List<Method> reached = new ArrayList<>();
        VikingFs forwarding = new ForwardingVikingFs(recordingDelegate(reached)) {
        };
        List<String> checked = new ArrayList<>();
        for (Method m : VikingFs.class.getMethods()) {
            if (Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            reached.clear();
            Object[] args = Arrays.stream(m.getParameterTypes()).map(HelperCases::dummy).toArray();
            try {
                m.invoke(forwarding, args);
            } catch (InvocationTargetException e) {
                throw new AssertionError(m.getName() + " threw instead of forwarding", e.getCause());
            }
            // append reaches the delegate as the equivalent appendAll, so a decorator of appendAll sees it too.
            String expected = m.getName().equals("append") ? "appendAll" : m.getName();
            assertThat(reached).as("%s must reach the delegate exactly once", m.getName())
                    .extracting(Method::getName).containsExactly(expected);
            checked.add(m.getName());
        }
        assertThat(checked).contains("read", "atomicWrite", "append", "appendAll", "switchDirectory", "stage", "recover",
                "close");
    }

    @Test
    void forwardingVikingFs_overThisBackend_behavesAsTheBackend() throws IOException {
        VikingFs wrapped = new ForwardingVikingFs(fs) {
        };
        wrapped.atomicWrite(p("w/doc"), utf8("1"), WriteOptions.DEFAULT);
        wrapped.append(p("w/log"), "a", true);
        wrapped.rename(p("w/doc"), p("w/doc2"), RenameOptions.DEFAULT);
        assertThat(read("w/doc2")).isEqualTo("1");
        assertThat(fs.readRecords(p("w/log")).records()).containsExactly("a");
        assertThat(wrapped.capabilities().asSet()).isEqualTo(caps.asSet());
        assertThat(wrapped.uri()).isEqualTo(fs.uri());
    }
}
