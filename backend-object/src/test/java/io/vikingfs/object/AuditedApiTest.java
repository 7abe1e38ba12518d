package io.vikingfs.object;

import io.vikingfs.Precondition;
import io.vikingfs.RenameOptions;
import io.vikingfs.UnsupportedByBackendException;
import io.vikingfs.VPath;
import io.vikingfs.Version;
import io.vikingfs.WriteOptions;
import io.vikingfs.object.audit.AuditOptions;
import io.vikingfs.object.audit.AuditVerdict;
import io.vikingfs.object.audit.Guarantee;
import io.vikingfs.object.audit.GuaranteeGate;
import io.vikingfs.object.audit.GuaranteeVerdict;
import io.vikingfs.object.audit.Level;
import io.vikingfs.object.audit.Measurement;
import io.vikingfs.object.audit.Outcome;
import io.vikingfs.object.audit.Primitive;
import io.vikingfs.object.client.ForwardingObjectClient;
import io.vikingfs.object.client.InMemoryObjectClient;
import io.vikingfs.object.client.ListPage;
import io.vikingfs.object.client.ObjectClient;
import io.vikingfs.telemetry.VikingFsListener;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link ObjectVikingFs} opened with a store audit's verdict, one guarantee at a time (verdicts built by hand, no
 * probes run): each gated operation is refused before any request exactly where its own guarantee is not kept,
 * and only there; listings are refused only where listing is {@code UNSUPPORTED}; a store whose delimited pages
 * the audit found broken is listed without a delimiter; a listener attached is told every verdict.
 */
class AuditedApiTest {
    private static final VPath FILE = VPath.of("d/f.json");
    private static final VPath LOG = VPath.of("d/t.jsonl");

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Every guarantee FULL except those in {@code levels}; {@code measurements} as given. */
    private static AuditVerdict verdict(Map<Guarantee, Level> levels, List<Measurement> measurements) {
        List<GuaranteeVerdict> verdicts = new ArrayList<>();
        for (Guarantee g : Guarantee.values()) {
            Level l = levels.getOrDefault(g, Level.FULL);
            verdicts.add(new GuaranteeVerdict(g, l, l == Level.WEAKER ? "one client" : "",
                    l == Level.FULL ? "" : "the test store breaks " + g.label(), List.of()));
        }
        return new AuditVerdict("memory://test", Instant.parse("2026-12-05T00:00:00Z"), 1, true, measurements,
                verdicts);
    }

    private static ObjectVikingFs open(ObjectClient client, AuditVerdict verdict) throws IOException {
        return ObjectVikingFs.open(client, "p", ObjectStoreOptions.DEFAULT, true,
                GuaranteeGate.of(verdict, AuditOptions.defaults().withCacheDir(null)), URI.create("s3://memory/p"),
                null);
    }

    /** Runs {@code op} on a store with only {@code broken} unsupported: refused, nothing sent; true if so. */
    private static boolean refusedAlone(Guarantee broken, Operation op) throws IOException {
        InMemoryObjectClient store = new InMemoryObjectClient();
        try (ObjectVikingFs trusted = ObjectVikingFs.open(store, "p", ObjectStoreOptions.DEFAULT, true,
                URI.create("s3://memory/p"), null)) {
            trusted.atomicWrite(FILE, b("{}"), WriteOptions.DEFAULT);
            trusted.mkdirs(VPath.of("staged"));
        }
        List<String> requests = new ArrayList<>();
        ObjectClient counted = store.view((i, o, key) -> {
            requests.add(o + " " + key);
            return InMemoryObjectClient.Outcome.APPLY;
        });
        try (ObjectVikingFs fs = open(counted, verdict(Map.of(broken, Level.UNSUPPORTED), List.of()))) {
            Version v = Version.of(store.head("p/d/f.json").orElseThrow().etag());
            requests.clear();
            try {
                op.run(fs, v);
                return false;
            } catch (UnsupportedByBackendException e) {
                assertThat(e.getMessage()).as("names the defect").contains("the test store breaks " + broken.label());
                assertThat(requests).as("refused before any request").isEmpty();
                return true;
            }
        }
    }

    @FunctionalInterface
    private interface Operation {
        void run(ObjectVikingFs fs, Version v) throws IOException;
    }

    @Test
    void eachGatedOperation_isRefusedExactlyWhereItsOwnGuaranteeIsNotKept() throws IOException {
        Map<String, Operation> ops = Map.of(
                "ifAbsent", (fs, v) -> fs.atomicWrite(VPath.of("d/new.json"), b("x"),
                        WriteOptions.precondition(Precondition.ifAbsent())),
                "ifMatch", (fs, v) -> fs.atomicWrite(FILE, b("x"), WriteOptions.precondition(Precondition.ifMatch(v))),
                "append", (fs, v) -> fs.append(LOG, "{\"n\":1}", true),
                "switch", (fs, v) -> fs.switchDirectory(VPath.of("staged"), VPath.of("live"), true),
                "renameNoReplace", (fs, v) -> fs.rename(FILE, VPath.of("d/g.json"), RenameOptions.DEFAULT),
                "renameReplace", (fs, v) -> fs.rename(FILE, VPath.of("d/g.json"), RenameOptions.DEFAULT.withReplace(true)),
                "plainWrite", (fs, v) -> fs.atomicWrite(FILE, b("y"), WriteOptions.DEFAULT));
        Map<Guarantee, Set<String>> refused = new EnumMap<>(Map.of(
                Guarantee.ATOMIC_WRITE_IF_ABSENT, Set.of("ifAbsent"),
                Guarantee.ATOMIC_WRITE_IF_MATCH, Set.of("ifMatch"),
                Guarantee.APPEND_MULTI_CLIENT, Set.of("append"),
                Guarantee.SWITCH_DIRECTORY, Set.of("switch"),
                Guarantee.RENAME_NO_REPLACE, Set.of("renameNoReplace")));
        for (Map.Entry<Guarantee, Set<String>> e : refused.entrySet()) {
            for (Map.Entry<String, Operation> op : ops.entrySet()) {
                assertThat(refusedAlone(e.getKey(), op.getValue()))
                        .as("%s with only %s unsupported", op.getKey(), e.getKey())
                        .isEqualTo(e.getValue().contains(op.getKey()));
            }
        }
    }

    @Test
    void listingsAreRefusedOnlyWhereListingIsUnsupported_andAListenerIsToldEveryVerdict() throws IOException {
        InMemoryObjectClient store = new InMemoryObjectClient();
        try (ObjectVikingFs fs = open(store, verdict(Map.of(Guarantee.LIST, Level.WEAKER), List.of()))) {
            fs.atomicWrite(FILE, b("{}"), WriteOptions.DEFAULT);
            try (Stream<?> s = fs.list(VPath.of("d"))) {
                assertThat(s.count()).as("a weaker listing needs no acceptance: it changes nothing").isEqualTo(1);
            }
            try (Stream<?> s = fs.walk(VPath.ROOT)) {
                assertThat(s.count()).isEqualTo(2);
            }
        }
        AuditVerdict unsupported = verdict(Map.of(Guarantee.LIST, Level.UNSUPPORTED,
                Guarantee.SWITCH_DIRECTORY, Level.WEAKER), List.of());
        try (ObjectVikingFs fs = open(store, unsupported)) {
            assertThat(fs.auditVerdict()).contains(unsupported);
            assertThatThrownBy(() -> fs.list(VPath.of("d"))).isInstanceOf(UnsupportedByBackendException.class)
                    .hasMessageContaining("the test store breaks list");
            assertThatThrownBy(() -> fs.walk(VPath.ROOT)).isInstanceOf(UnsupportedByBackendException.class);
            assertThat(fs.read(FILE)).as("what needs no listing of a directory works").isEqualTo(b("{}"));

            Map<String, String> told = new java.util.TreeMap<>();
            fs.telemetry().attach(new VikingFsListener() {
                @Override
                public void auditVerdict(String guarantee, String verdict) {
                    told.put(guarantee, verdict);
                }
            });
            assertThat(told).hasSize(Guarantee.values().length)
                    .containsEntry("list", "unsupported").containsEntry("switch_directory", "weaker")
                    .containsEntry("append_multi_client", "full");
        }
        try (ObjectVikingFs fs = ObjectVikingFs.open(store, "p", ObjectStoreOptions.DEFAULT, true,
                URI.create("s3://memory/p"), null)) {
            assertThat(fs.auditVerdict()).isEmpty();
            List<String> told = new ArrayList<>();
            fs.telemetry().attach(new VikingFsListener() {
                @Override
                public void auditVerdict(String guarantee, String verdict) {
                    told.add(guarantee);
                }
            });
            assertThat(told).as("no audit, nothing to tell").isEmpty();
        }
    }

    @Test
    void aStoreWhoseDelimitedPagesTheAuditFoundBroken_isListedWithoutADelimiter() throws IOException {
        InMemoryObjectClient store = new InMemoryObjectClient();
        List<String> delimiters = new ArrayList<>();
        ObjectClient recording = new ForwardingObjectClient(store) {
            @Override
            public ListPage list(String prefix, String delimiter, String startAfter, int maxKeys) throws IOException {
                delimiters.add(String.valueOf(delimiter));
                return super.list(prefix, delimiter, startAfter, maxKeys);
            }
        };
        for (Outcome outcome : List.of(Outcome.WRONG, Outcome.OK)) {
            List<Measurement> m = List.of(new Measurement(Primitive.LIST_DELIMITED_PAGES, outcome, "by hand", Map.of()));
            try (ObjectVikingFs fs = open(recording, verdict(Map.of(), m))) {
                fs.atomicWrite(VPath.of("d/a/f"), b("1"), WriteOptions.DEFAULT);
                fs.atomicWrite(VPath.of("d/g"), b("2"), WriteOptions.DEFAULT);
                delimiters.clear();
                try (Stream<io.vikingfs.DirEntry> s = fs.list(VPath.of("d"))) {
                    assertThat(s.map(e -> e.path().name()).sorted().toList()).containsExactly("a", "g");
                }
                if (outcome == Outcome.WRONG) {
                    assertThat(delimiters).as("listed flat from the start").isNotEmpty().containsOnly("null");
                } else {
                    assertThat(delimiters).as("a sound store is listed by directory").contains("/");
                }
            }
        }
    }
}
