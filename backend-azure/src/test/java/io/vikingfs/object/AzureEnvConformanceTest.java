package io.vikingfs.object;

import io.vikingfs.azure.AzureObjectClient;
import io.vikingfs.conformance.BackendFixture;
import io.vikingfs.conformance.ChildProcessSpec;
import io.vikingfs.conformance.VikingFsConformance;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The shared suite on a real Azure storage account given by the environment; skipped (reported as disabled, with
 * the variable named) when {@code VIKINGFS_AZURE_ACCOUNT} is unset. {@code VIKINGFS_AZURE_ACCOUNT_KEY}, optional
 * {@code VIKINGFS_AZURE_ENDPOINT} (default {@code https://ACCOUNT.blob.core.windows.net}) and
 * {@code VIKINGFS_AZURE_CONTAINER} (default {@code vikingfs-conformance}, which must exist; each test uses a fresh
 * prefix in it). Child JVMs get the key as a system property, never in a URI.
 */
@EnabledIfEnvironmentVariable(named = "VIKINGFS_AZURE_ACCOUNT", matches = ".+",
        disabledReason = "set VIKINGFS_AZURE_ACCOUNT and VIKINGFS_AZURE_ACCOUNT_KEY to run the suite on a real account")
class AzureEnvConformanceTest extends VikingFsConformance {

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    @Override
    protected BackendFixture createFixture() {
        String account = env("VIKINGFS_AZURE_ACCOUNT", "");
        String key = env("VIKINGFS_AZURE_ACCOUNT_KEY", "");
        URI endpoint = URI.create(env("VIKINGFS_AZURE_ENDPOINT", "https://" + account + ".blob.core.windows.net"));
        String container = env("VIKINGFS_AZURE_CONTAINER", "vikingfs-conformance");
        String prefix = "t-" + UUID.randomUUID().toString().substring(0, 12);
        URI uri = URI.create("az://" + container + "/" + prefix + "?endpoint="
                + URLEncoder.encode(endpoint.toString(), StandardCharsets.UTF_8) + "&account=" + account + "&audit=off");
        ObjectFixtures.Clients clients = () -> AzureObjectClient.builder().endpoint(endpoint).credentials(account, key)
                .container(container).build();
        ChildProcessSpec base = ChildProcessSpec.onCurrentClassPath(uri);
        List<String> args = new ArrayList<>(base.jvmArgs());
        args.add("-D" + io.vikingfs.azure.AzureVikingFsProvider.ACCOUNT_KEY_PROPERTY + "=" + key);
        return ObjectFixtures.fixture(prefix, clients, clients, ObjectStoreOptions.DEFAULT, true, uri,
                Optional.of(new ChildProcessSpec(base.storeUri(), base.classPath(), args)));
    }
}
