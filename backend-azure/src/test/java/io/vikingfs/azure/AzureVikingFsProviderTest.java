package io.vikingfs.azure;

import io.vikingfs.Capability;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.VikingFsException;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code VikingFs.open("az://…")}: Azurite by endpoint, an Azurite of its own, and bad input refused by name. */
class AzureVikingFsProviderTest {
    private static final Map<String, String> NO_ENV = Map.of();

    @Test
    void open_anAzuriteEndpoint_usesTheEmulatorsAccount_andKeepsTheKeyOutOfTheUri() throws Exception {
        EmbeddedAzurite server = Azurite.server();
        String container = Azurite.freshContainer();
        URI uri = URI.create("az://" + container + "/agents?endpoint="
                + URLEncoder.encode(server.endpoint().toString(), StandardCharsets.UTF_8));
        try (VikingFs fs = VikingFs.open(uri)) {
            fs.append(VPath.of("t.jsonl"), "{\"n\":1}", true);
            fs.atomicWrite(VPath.of("a.json"), "{}".getBytes(StandardCharsets.UTF_8), io.vikingfs.WriteOptions.DEFAULT);
            assertThat(fs.read(VPath.of("t.jsonl"))).asString(StandardCharsets.UTF_8).isEqualTo("{\"n\":1}\n");
            assertThat(fs.capabilities().has(Capability.ATOMIC_CONDITIONAL_WRITE)).isTrue();
            assertThat(fs.uri().toString()).startsWith("az://" + container + "/agents?endpoint=")
                    .contains("account=devstoreaccount1").doesNotContain(EmbeddedAzurite.ACCOUNT_KEY);
        }
        // the store's objects are where a client of the container sees them
        try (AzureObjectClient c = server.client(container)) {
            assertThat(c.get("agents/a.json").orElseThrow().data()).isEqualTo("{}".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void open_withoutAnEndpoint_startsAnAzuriteOfItsOwn_stoppedOnClose() throws Exception {
        Azurite.server(); // skips without Node.js
        try (VikingFs fs = VikingFs.open(URI.create("az://first-try/p"))) {
            fs.atomicWrite(VPath.of("a.json"), "{}".getBytes(StandardCharsets.UTF_8), io.vikingfs.WriteOptions.DEFAULT);
            assertThat(fs.uri().toString()).isEqualTo("az://first-try/p?endpoint=embedded");
        }
    }

    @Test
    void badContainerNames_areRefusedNamingTheRule() throws Exception {
        AzureVikingFsProvider p = new AzureVikingFsProvider(NO_ENV);
        for (String bad : new String[]{"ab", "Upper", "double--hyphen", "-lead", "trail-", "under_score", "a".repeat(64)}) {
            assertThatThrownBy(() -> p.locate(URI.create("az://" + bad + "/p?endpoint=https://acct.blob.core.windows.net")))
                    .as(bad).isInstanceOf(VikingFsException.class)
                    .hasMessageContaining("container name").hasMessageContaining("nothing was opened");
        }
        assertThat(p.locate(URI.create("az://ok-name-1/p?endpoint=embedded")).container()).isEqualTo("ok-name-1");
    }

    @Test
    void aUriWithoutAContainer_orWithABadEndpoint_isRefusedNamingIt() {
        AzureVikingFsProvider p = new AzureVikingFsProvider(NO_ENV);
        assertThatThrownBy(() -> p.locate(URI.create("az:///p"))).isInstanceOf(VikingFsException.class)
                .hasMessageContaining("names a container");
        assertThatThrownBy(() -> p.locate(URI.create("az://box/p?endpoint=ftp://host/x&account=acct")))
                .isInstanceOf(VikingFsException.class).hasMessageContaining("endpoint 'ftp://host/x'");
        assertThatThrownBy(() -> p.locate(URI.create("az://box/p?account=Bad_Account")))
                .isInstanceOf(VikingFsException.class).hasMessageContaining("account").hasMessageContaining("3 to 24");
    }

    @Test
    void aBadAuditParameter_isRefusedNamingIt_beforeAnyRequest() {
        assertThatThrownBy(() -> VikingFs.open(URI.create("az://box/p?endpoint=http://127.0.0.1:9/devstoreaccount1&audit=sometimes")))
                .isInstanceOf(VikingFsException.class).hasMessageContaining("audit=sometimes");
    }

    @Test
    void missingCredentials_areRefusedNamingWhereToPutThem() {
        AzureVikingFsProvider p = new AzureVikingFsProvider(NO_ENV);
        assertThatThrownBy(() -> p.locate(URI.create("az://box/p?endpoint=https://acct.blob.core.windows.net")))
                .isInstanceOf(VikingFsException.class).hasMessageContaining("no storage account")
                .hasMessageContaining("account=");
        assertThatThrownBy(() -> p.locate(URI.create("az://box/p?account=acct")))
                .isInstanceOf(VikingFsException.class).hasMessageContaining("no key for storage account 'acct'")
                .hasMessageContaining("VIKINGFS_AZURE_ACCOUNT_KEY");
    }

    @Test
    void credentials_comeFromTheEnvironment_orAConnectionString() throws Exception {
        var fromEnv = new AzureVikingFsProvider(Map.of("VIKINGFS_AZURE_ACCOUNT", "acct", "VIKINGFS_AZURE_ACCOUNT_KEY", "a2V5"))
                .locate(URI.create("az://box/p"));
        assertThat(fromEnv.endpoint()).isEqualTo(URI.create("https://acct.blob.core.windows.net"));
        assertThat(fromEnv.accountKey()).isEqualTo("a2V5");
        assertThat(fromEnv.emulator()).isFalse();
        var fromCs = new AzureVikingFsProvider(Map.of("VIKINGFS_AZURE_CONNECTION_STRING",
                "DefaultEndpointsProtocol=https;AccountName=other;AccountKey=c2VjcmV0==;EndpointSuffix=core.windows.net"))
                .locate(URI.create("az://box/p"));
        assertThat(fromCs.account()).isEqualTo("other");
        assertThat(fromCs.accountKey()).isEqualTo("c2VjcmV0==");
        assertThat(fromCs.toString()).doesNotContain("c2VjcmV0");
        var emulator = new AzureVikingFsProvider(NO_ENV)
                .locate(URI.create("az://box/p?endpoint=http://127.0.0.1:10000/devstoreaccount1"));
        assertThat(emulator.account()).isEqualTo(EmbeddedAzurite.ACCOUNT);
        assertThat(emulator.accountKey()).isEqualTo(EmbeddedAzurite.ACCOUNT_KEY);
        assertThat(emulator.emulator()).isTrue();
    }
}
