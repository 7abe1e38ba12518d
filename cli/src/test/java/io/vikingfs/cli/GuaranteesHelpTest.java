package io.vikingfs.cli;

import io.vikingfs.Capabilities;
import io.vikingfs.Capability;
import io.vikingfs.VikingFs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

/**
 * The help of {@code append}, {@code put}, {@code mv} and {@code switch} printed for a local folder, a memory store
 * and an S3 store (the in-JVM server) states what that store's {@code capabilities()} guarantee: for every
 * capability a command's guarantees rest on, the help carries the sentence for a store that declares it exactly when
 * the store does, and the other sentence otherwise. Expectations come from each store's {@code capabilities()},
 * never from its backend's name.
 */
class GuaranteesHelpTest {
    /** Per command: a capability, a phrase only the sentence for "declared" has, one only "not declared" has. */
    private record Oracle(String command, Capability capability, String declared, String notDeclared) {
    }

    private static final List<Oracle> ORACLES = List.of(
            new Oracle("append", Capability.ATOMIC_BATCH_APPEND, "The batch is all or nothing too",
                    "a crash during the append may keep its first records without the rest"),
            new Oracle("append", Capability.CROSS_PROCESS_SAFE, "in this process or in others",
                    "other processes must not append to this store at the same time"),
            new Oracle("append", Capability.DURABILITY_CONTROL, "--no-durable returns without waiting",
                    "Every append is durable"),
            new Oracle("put", Capability.ATOMIC_CONDITIONAL_WRITE, "checked atomically with the write",
                    "not guaranteed atomic against racing writers"),
            new Oracle("put", Capability.DURABILITY_CONTROL, "--no-durable returns without waiting",
                    "Every put is durable"),
            new Oracle("mv", Capability.ATOMIC_FILE_RENAME, "it is at exactly one of SRC and DST",
                    "may leave it at both SRC and DST"),
            new Oracle("mv", Capability.DIRECTORY_RENAME, "A directory can be moved", "A directory cannot be moved"),
            new Oracle("mv", Capability.DURABILITY_CONTROL, "--no-durable returns without waiting",
                    "Every mv is durable"),
            new Oracle("switch", Capability.DURABILITY_CONTROL, "--no-durable returns without waiting",
                    "Every switch is durable"));

    /** What holds on every store, whatever it declares. */
    private static final Map<String, String> ALWAYS = Map.of(
            "append", "Each record is all or nothing",
            "put", "never a mix or an empty file",
            "mv", "never lost, never torn",
            "switch", "LIVE is entirely the old tree or entirely the new one");

    private static SharedS3Server s3;
    /** Each store and what it declares, read once. */
    private static final Map<URI, Capabilities> STORES = new LinkedHashMap<>();

    @TempDir
    static Path folder;

    @BeforeAll
    static void openStores() throws IOException {
        s3 = SharedS3Server.start("help");
        s3.installCredentials();
        // SharedS3Server's URIs carry the embedded S3Proxy's audit verdict (its If-Match is check-then-act, so the
        // gate drops ATOMIC_CONDITIONAL_WRITE even with ifMatch=atomic); the last store stands for one whose audit
        // agrees (audit=off: this test vouches for it), where ifMatch=atomic adds the capability.
        String atomic = s3.storeUri(URI.create("s3://help/atomic")) + "&ifMatch=atomic";
        for (URI store : List.of(folder.toUri(), URI.create("mem:help-test"),
                s3.storeUri(URI.create("s3://help/store")), URI.create(atomic),
                URI.create(atomic.replace("auditAs=embedded-s3proxy", "audit=off")))) {
            try (VikingFs fs = VikingFs.open(store)) {
                STORES.put(store, fs.capabilities());
            }
        }
    }

    @AfterAll
    static void stopS3() throws Exception {
        System.clearProperty(SharedS3Server.ACCESS_KEY_PROPERTY);
        System.clearProperty(SharedS3Server.SECRET_KEY_PROPERTY);
        s3.close();
    }

    /** The help as one line, so that phrases wrapped over two lines still match. */
    private static String help(URI store, String command) {
        Cli.Result r = Cli.raw(new byte[0], "--fs", store.toString(), command, "--help");
        assertThat(r.exit()).as(r.err()).isZero();
        return r.out().replaceAll("\\s+", " ");
    }

    @Test
    void helpForAStore_statesExactlyWhatItsCapabilitiesGuarantee() {
        STORES.forEach((store, caps) -> {
            for (String command : Guarantees.commands()) {
                String help = help(store, command);
                assertSoftly(soft -> {
                    soft.assertThat(help).as("%s %s", store, command).contains("Guarantees on", caps.toString())
                            .contains(ALWAYS.get(command));
                    for (Oracle o : ORACLES) {
                        if (!o.command().equals(command)) {
                            continue;
                        }
                        boolean declared = caps.has(o.capability());
                        soft.assertThat(help).as("%s %s, %s %s", store, command, o.capability(),
                                        declared ? "declared" : "not declared")
                                .contains(declared ? o.declared() : o.notDeclared())
                                .doesNotContain(declared ? o.notDeclared() : o.declared());
                        soft.assertThat(help).contains("[" + o.capability() + (declared ? " declared]" : " not declared]"))
                                .doesNotContain("[" + o.capability() + (declared ? " not declared]" : " declared]"));
                    }
                    if (command.equals("mv") && caps.has(Capability.DIRECTORY_RENAME)) {
                        soft.assertThat(help).contains(caps.has(Capability.ATOMIC_DIRECTORY_RENAME)
                                ? "A directory moves atomically" : "A directory does not move atomically");
                    } else if (command.equals("mv")) {
                        soft.assertThat(help).doesNotContain("A directory moves atomically");
                    }
                });
            }
        });
        // The stores cover both sides of every capability the sentences rest on, or the test would prove less.
        for (Oracle o : ORACLES) {
            assertThat(STORES.values().stream().map(c -> c.has(o.capability())).distinct())
                    .as("%s across %s", o.capability(), STORES).hasSize(2);
        }
    }

    @Test
    void helpWithoutAStore_namesEachCapabilityAndTheBackendsThatDeclareIt() {
        for (String command : Guarantees.commands()) {
            String help = Cli.raw(new byte[0], command, "--help").out().replaceAll("\\s+", " ");
            assertThat(help).contains(ALWAYS.get(command), "'vikingfs --fs URI " + command + " --help'");
            for (Oracle o : ORACLES) {
                if (o.command().equals(command)) {
                    assertThat(help).contains("With " + o.capability() + " (declared by "
                            + Guarantees.DECLARED_BY.get(o.capability()).describe() + ")", o.declared(), o.notDeclared());
                }
            }
        }
    }

    /** The table the help without a store prints, checked against what each backend declares. */
    @Test
    void declaredByTable_matchesEachBackendsCapabilities() {
        STORES.forEach((store, caps) -> {
            String scheme = store.getScheme().equals("s3") ? "s3://" : store.getScheme() + ":";
            Guarantees.DECLARED_BY.forEach((capability, declared) -> {
                if (declared.always().contains(scheme)) {
                    assertThat(caps.has(capability)).as("%s declares %s", store, capability).isTrue();
                } else if (!declared.where().contains(scheme)) {
                    assertThat(caps.has(capability)).as("%s does not declare %s", store, capability).isFalse();
                }
            });
        });
        assertThat(STORES).anySatisfy((store, caps) -> assertThat(store.getQuery()).contains("ifMatch=atomic"))
                .allSatisfy((store, caps) -> assertThat(caps.has(Capability.ATOMIC_CONDITIONAL_WRITE))
                        .as("%s: the condition the table names for s3:// (ifMatch=atomic and an audit that agrees)"
                                + " adds it", store)
                        .isEqualTo(!store.getScheme().equals("s3") || store.getQuery().contains("ifMatch=atomic")
                                && store.getQuery().contains("audit=off")));
    }

    @Test
    void helpForAStoreThatCannotBeOpened_saysSoAndFallsBackToTheGeneralWords() {
        Cli.Result r = Cli.raw(new byte[0], "--fs", "ftp://example.org/x", "append", "--help");

        assertThat(r.exit()).isZero();
        assertThat(r.out().replaceAll("\\s+", " ")).contains("could not be opened", "ftp",
                "With ATOMIC_BATCH_APPEND (declared by");
    }
}
