package io.vikingfs.azure;

import io.vikingfs.VikingFs;
import io.vikingfs.VikingFsException;
import io.vikingfs.object.ObjectStoreOptions;
import io.vikingfs.object.ObjectVikingFs;
import io.vikingfs.object.audit.AuditOptions;
import io.vikingfs.object.audit.GuaranteeGate;
import io.vikingfs.object.audit.StoreAudit;
import io.vikingfs.object.client.AppendableObjectClient;
import io.vikingfs.object.client.RetryingObjectClient;
import io.vikingfs.spi.VikingFsProvider;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code az} scheme: {@code az://container/prefix?endpoint=https://ACCOUNT.blob.core.windows.net}.
 *
 * <ul>
 *   <li>{@code endpoint}: the blob service endpoint (for Azurite {@code http://127.0.0.1:PORT/devstoreaccount1});
 *       else {@code VIKINGFS_AZURE_ENDPOINT}, else the connection string's {@code BlobEndpoint}, else
 *       {@code https://ACCOUNT.blob.core.windows.net} when an account is named; with none of these (or
 *       {@code endpoint=embedded}) an Azurite is started for this store and stopped when it is closed — which
 *       needs Node.js.</li>
 *   <li>{@code account}: the storage account; else {@code VIKINGFS_AZURE_ACCOUNT}, the connection string's
 *       {@code AccountName}, or the first path segment of a local (emulator) endpoint.</li>
 * </ul>
 * The account key never goes in the URI (URIs are logged and reported): it comes from the system property
 * {@value #ACCOUNT_KEY_PROPERTY}, else {@code VIKINGFS_AZURE_ACCOUNT_KEY}, else the connection string in
 * {@code VIKINGFS_AZURE_CONNECTION_STRING}; for the emulator's account {@value EmbeddedAzurite#ACCOUNT} on a local
 * endpoint, its published key. Before the store is returned, the store audit's verdict for the endpoint is loaded
 * from its dated cache or measured (about 17 s on Azurite, once per endpoint and {@code auditMaxAge}; every local
 * Azurite shares one verdict), and operations whose guarantee the store cannot keep are refused — the audit
 * parameters are the S3 backend's ({@code audit=auto|always|off}, {@code auditCache}, {@code auditMaxAge},
 * {@code auditAccept}). Bad input — a container name Azure refuses, a missing account or key, an endpoint
 * that is no URI — fails naming the parameter, before any request.
 */
public final class AzureVikingFsProvider implements VikingFsProvider {
    public static final String ACCOUNT_KEY_PROPERTY = "vikingfs.azure.account-key";
    static final String ENDPOINT_ENV = "VIKINGFS_AZURE_ENDPOINT";
    static final String ACCOUNT_ENV = "VIKINGFS_AZURE_ACCOUNT";
    static final String ACCOUNT_KEY_ENV = "VIKINGFS_AZURE_ACCOUNT_KEY";
    static final String CONNECTION_STRING_ENV = "VIKINGFS_AZURE_CONNECTION_STRING";
    /** Query parameters that configure the store, kept in {@link VikingFs#uri()} so reopening it opens the same. */
    private static final List<String> KEPT_PARAMETERS = List.of("audit", "auditCache", "auditMaxAge", "auditAccept");

    private final Map<String, String> env;

    public AzureVikingFsProvider() {
        this(System.getenv());
    }

    /** With {@code env} in place of the process environment (tests). */
    AzureVikingFsProvider(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public String scheme() {
        return "az";
    }

    @Override
    public VikingFs open(URI uri) throws IOException {
        AzureLocation at = locate(uri);
        AuditOptions audit;
        try {
            // bad audit parameters fail before a server or client exists
            audit = AuditOptions.defaults().withUriParameters(VikingFsProvider.queryParameters(uri))
                    .withScratchParent(at.prefix() == null ? "" : at.prefix());
        } catch (IllegalArgumentException e) {
            throw new VikingFsException(uri.toString(), e.getMessage() + "; nothing was opened");
        }
        EmbeddedAzurite server = null;
        AzureObjectClient client;
        if (at.embedded()) {
            if (EmbeddedAzurite.missing().isPresent()) {
                throw new VikingFsException(uri.toString(), "no endpoint given, and no Azurite can be started: "
                        + EmbeddedAzurite.missing().get() + "; or give endpoint=https://ACCOUNT.blob.core.windows.net");
            }
            server = EmbeddedAzurite.start();
            client = server.client(at.container());
        } else {
            client = client(at);
        }
        StringBuilder reported = new StringBuilder("az://").append(at.container()).append('/').append(at.prefix())
                .append("?endpoint=").append(URLEncoder.encode(at.embedded() ? "embedded" : at.endpoint().toString(),
                        StandardCharsets.UTF_8));
        if (!at.embedded()) {
            reported.append("&account=").append(at.account());
        }
        Map<String, String> query = VikingFsProvider.queryParameters(uri);
        for (String k : KEPT_PARAMETERS) {
            if (query.containsKey(k)) {
                reported.append('&').append(k).append('=').append(URLEncoder.encode(query.get(k), StandardCharsets.UTF_8));
            }
        }
        EmbeddedAzurite toStop = server;
        // keepingAppends: the retrying client stays an AppendableObjectClient, so logs live in append blobs (one
        // atomic block per batch) — a plain wrapper would silently fall back to numbered segment objects
        AppendableObjectClient retrying = RetryingObjectClient.keepingAppends(client, 6, Duration.ofMillis(50),
                Long.MAX_VALUE);
        try {
            // The store audit's verdict (cached per endpoint; local Azurites share one): what the store cannot keep
            // is refused by the backend, naming the defect, as on S3.
            GuaranteeGate gate = GuaranteeGate.of(StoreAudit.forEndpoint(retrying, audit.withEndpointId(
                    at.emulator() || at.embedded() ? AzureStoreAudit.AZURITE_ID : client.describe())), audit);
            // Put Blob's If-Match is checked atomically by the service (measured on Azurite: AzuriteMeasurementsTest)
            return ObjectVikingFs.open(retrying, at.prefix(), ObjectStoreOptions.DEFAULT, true, gate,
                    URI.create(reported.toString()), toStop);
        } catch (IOException | RuntimeException e) {
            client.close();
            if (toStop != null) {
                toStop.close();
            }
            throw e;
        }
    }

    /** A client of {@code at} (not an embedded one); on an emulator, the container is created if missing. */
    AzureObjectClient client(AzureLocation at) throws IOException {
        if (at.emulator()) {
            EmbeddedAzurite.shortenIdleConnections();
        }
        AzureObjectClient client = AzureObjectClient.builder().endpoint(at.endpoint())
                .credentials(at.account(), at.accountKey()).container(at.container())
                .listedInUtf16Order(at.emulator()).build();
        if (at.emulator()) {
            client.createContainerIfMissing(); // an emulator starts empty
        }
        return client;
    }

    /** Where an {@code az://} URI points, checked; throws {@link VikingFsException} naming the bad parameter. */
    AzureLocation locate(URI uri) throws VikingFsException {
        String container = uri.getHost() != null ? uri.getHost() : uri.getAuthority();
        if (container == null || container.isEmpty()) {
            throw new VikingFsException(uri.toString(), "an az URI names a container: "
                    + "az://container/prefix?endpoint=https://ACCOUNT.blob.core.windows.net");
        }
        try {
            AzureNames.checkContainer(container);
        } catch (IllegalArgumentException e) {
            throw new VikingFsException(uri.toString(), e.getMessage() + "; nothing was opened");
        }
        String prefix = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        Map<String, String> query = VikingFsProvider.queryParameters(uri);
        ConnectionString cs = ConnectionString.parse(env(CONNECTION_STRING_ENV));
        String endpoint = first(query.get("endpoint"), env(ENDPOINT_ENV), cs.get("BlobEndpoint"));
        String account = first(query.get("account"), env(ACCOUNT_ENV), cs.get("AccountName"));
        checkAccount(uri, account);
        if ("embedded".equals(endpoint) || endpoint == null && account == null) {
            return new AzureLocation(container, prefix, null, EmbeddedAzurite.ACCOUNT, null, true, true);
        }
        URI endpointUri;
        try {
            endpointUri = URI.create(endpoint != null ? endpoint : "https://" + account + ".blob.core.windows.net");
            if (endpointUri.getScheme() == null || endpointUri.getHost() == null
                    || !endpointUri.getScheme().matches("https?")) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
        } catch (IllegalArgumentException e) {
            throw new VikingFsException(uri.toString(), "endpoint '" + endpoint + "' is not an http(s) URL ("
                    + e.getMessage() + "): give endpoint=https://ACCOUNT.blob.core.windows.net or"
                    + " http://127.0.0.1:PORT/devstoreaccount1; nothing was opened");
        }
        String host = endpointUri.getHost().toLowerCase(Locale.ROOT);
        boolean local = host.equals("127.0.0.1") || host.equals("localhost");
        String path = endpointUri.getPath() == null ? "" : endpointUri.getPath().replaceAll("^/+|/+$", "");
        if (account == null && local && !path.isEmpty()) {
            account = path.split("/")[0]; // the emulator's path-style URL carries the account
            checkAccount(uri, account);
        }
        if (account == null) {
            throw new VikingFsException(uri.toString(), "no storage account: give account=NAME in the URI, set "
                    + ACCOUNT_ENV + " or " + CONNECTION_STRING_ENV + "; nothing was opened");
        }
        boolean emulator = local && EmbeddedAzurite.ACCOUNT.equals(account);
        String key = first(System.getProperty(ACCOUNT_KEY_PROPERTY), env(ACCOUNT_KEY_ENV), cs.get("AccountKey"),
                emulator ? EmbeddedAzurite.ACCOUNT_KEY : null);
        if (key == null) {
            throw new VikingFsException(uri.toString(), "no key for storage account '" + account + "': set "
                    + ACCOUNT_KEY_ENV + " (or the system property " + ACCOUNT_KEY_PROPERTY + ", or "
                    + CONNECTION_STRING_ENV + "); keys never go in the URI; nothing was opened");
        }
        return new AzureLocation(container, prefix, endpointUri, account, key, emulator, false);
    }

    private static void checkAccount(URI uri, String account) throws VikingFsException {
        if (account != null) {
            try {
                AzureNames.checkAccount(account);
            } catch (IllegalArgumentException e) {
                throw new VikingFsException(uri.toString(), "account: " + e.getMessage() + "; nothing was opened");
            }
        }
    }

    private String env(String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v;
    }

    /** The first value given (neither null nor empty): URI parameter before environment before default. */
    private static String first(String... values) {
        return java.util.Arrays.stream(values).filter(v -> v != null && !v.isEmpty()).findFirst().orElse(null);
    }

    /**
     * A checked {@code az://} location.
     *
     * @param emulator whether the endpoint is a local Azurite (its well-known account; UTF-16 listing order)
     * @param embedded whether an Azurite is to be started for the store
     */
    record AzureLocation(String container, String prefix, URI endpoint, String account, String accountKey,
                         boolean emulator, boolean embedded) {
        @Override
        public String toString() {
            return "AzureLocation[" + container + "/" + prefix + " at " + endpoint + ", account " + account + "]";
        }
    }

    /** {@code Key=Value;…} as Azure's portal gives it; values may contain {@code =} (base64 keys). */
    record ConnectionString(Map<String, String> values) {
        static ConnectionString parse(String s) {
            Map<String, String> m = new java.util.HashMap<>();
            if (s != null) {
                for (String part : s.split(";")) {
                    int eq = part.indexOf('=');
                    if (eq > 0) {
                        m.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
                    }
                }
            }
            return new ConnectionString(m);
        }

        String get(String name) {
            return values.get(name);
        }
    }
}
