package io.vikingfs.s3;

import io.vikingfs.Capabilities;
import io.vikingfs.Capability;
import io.vikingfs.DirEntry;
import io.vikingfs.ForwardingVikingFs;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.conformance.BackendFixture;
import io.vikingfs.conformance.ChildProcessSpec;
import io.vikingfs.s3.object.CountingObjectClient;
import io.vikingfs.s3.object.MinioObjectClient;
import io.vikingfs.s3.object.ObjectClient;
import io.vikingfs.s3.object.PutMode;
import io.vikingfs.s3.object.RetryingObjectClient;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

/** Conformance fixtures over an S3 endpoint: each fixture is a fresh prefix of one bucket. */
final class S3Fixtures {
    private S3Fixtures() {
    }

    /** An S3 endpoint the tests may use. */
    record Endpoint(URI endpoint, String region, String accessKey, String secretKey, String bucket, boolean ifMatchAtomic) {
        static Endpoint of(EmbeddedS3 s3) {
            return new Endpoint(s3.endpoint(), EmbeddedS3.REGION, s3.accessKey(), s3.secretKey(), s3.bucket(), false);
        }

        MinioObjectClient client() {
            return MinioObjectClient.builder().endpoint(endpoint).region(region).credentials(accessKey, secretKey)
                    .bucket(bucket).partSize(5L << 20).build();
        }

        URI uri(String prefix) {
            return URI.create("s3://" + bucket + "/" + prefix + "?endpoint="
                    + URLEncoder.encode(endpoint.toString(), StandardCharsets.UTF_8) + "&region=" + region
                    + (ifMatchAtomic ? "&ifMatch=atomic" : "")
                    // The parent test opens this store without a gate (it vouches for the store): so does the child.
                    + "&audit=off");
        }
    }

    static Capabilities expected(boolean ifMatchAtomic) {
        return ifMatchAtomic ? Capabilities.of(Capability.ATOMIC_CONDITIONAL_WRITE, Capability.ATOMIC_BATCH_APPEND,
                        Capability.CROSS_PROCESS_SAFE)
                : Capabilities.of(Capability.ATOMIC_BATCH_APPEND, Capability.CROSS_PROCESS_SAFE);
    }

    /**
     * A fixture on a fresh prefix of {@code e}'s bucket; child JVMs get the credentials as system properties.
     * Below the API it counts acknowledged mutating requests (S3's durable commits), writes raw objects, and
     * plants the leftover of an interrupted conversion of a file into a log.
     */
    static BackendFixture fixture(Endpoint e) {
        String prefix = "t-" + UUID.randomUUID().toString().substring(0, 12);
        // the suite opens the child URI in this JVM too: the provider reads the same properties
        System.setProperty(S3VikingFsProvider.ACCESS_KEY_PROPERTY, e.accessKey());
        System.setProperty(S3VikingFsProvider.SECRET_KEY_PROPERTY, e.secretKey());
        ChildProcessSpec base = ChildProcessSpec.onCurrentClassPath(e.uri(prefix));
        List<String> args = new ArrayList<>(base.jvmArgs());
        args.add("-D" + S3VikingFsProvider.ACCESS_KEY_PROPERTY + "=" + e.accessKey());
        args.add("-D" + S3VikingFsProvider.SECRET_KEY_PROPERTY + "=" + e.secretKey());
        args.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        return fixture(prefix, e::client, e::client, S3Options.DEFAULT, e.ifMatchAtomic(), e.uri(prefix),
                Optional.of(new ChildProcessSpec(base.storeUri(), base.classPath(), args)));
    }

    /** Opens a client of the fixture's store: a new one per store opened, or one below the API. */
    @FunctionalInterface
    interface Clients {
        ObjectClient open() throws IOException;
    }

    /**
     * A fixture on {@code prefix} of the store {@code clients} reach ({@code raw} reaches the same store without
     * any fault a test client adds). Without a child process the store is one JVM's:
     * {@code CROSS_PROCESS_SAFE} is then neither expected nor reported, and the multi-process cases skip.
     */
    static BackendFixture fixture(String prefix, Clients clients, Clients rawClients, S3Options options,
                                  boolean ifMatchAtomic, URI uri, Optional<ChildProcessSpec> child) {
        String root = prefix + "/";
        Capabilities expected = child.isPresent() ? S3Fixtures.expected(ifMatchAtomic)
                : Capabilities.of(S3Fixtures.expected(ifMatchAtomic).asSet().stream()
                .filter(c -> c != Capability.CROSS_PROCESS_SAFE).toArray(Capability[]::new));
        return new BackendFixture() {
            /** One per store opened: each store closes its own client, the counts outlive it. */
            private final List<CountingObjectClient> opened = new ArrayList<>();
            /** The fixture's own client, for what it does below the API. */
            private ObjectClient raw;

            @Override
            public VikingFs open() throws IOException {
                CountingObjectClient counting = new CountingObjectClient(clients.open());
                opened.add(counting);
                VikingFs fs = S3VikingFs.open(new RetryingObjectClient(counting, 6, Duration.ofMillis(20), 5L << 20),
                        prefix, options, ifMatchAtomic, uri, null);
                return child.isPresent() ? fs : new ForwardingVikingFs(fs) {
                    @Override
                    public Capabilities capabilities() {
                        return expected;
                    }
                };
            }

            @Override
            public Capabilities expected() {
                return expected;
            }

            @Override
            public Optional<VikingFs> openConcurrently() throws IOException {
                return Optional.of(open()); // a second client of the same bucket and prefix
            }

            @Override
            public OptionalLong flushCount() {
                return OptionalLong.of(opened.stream().mapToLong(CountingObjectClient::acknowledgedWrites).sum());
            }

            private ObjectClient raw() throws IOException {
                if (raw == null) {
                    raw = rawClients.open();
                }
                return raw;
            }

            @Override
            public boolean plantRaw(String relativePath, byte[] data) throws IOException {
                raw().put(root + relativePath, data, PutMode.OVERWRITE);
                return true;
            }

            /**
             * An append to a path holding a plain file converts it: the log is written, then the plain object
             * deleted. Cut between the two, the plain object stays, hidden by the log, until recovery deletes it.
             */
            @Override
            public Optional<Leftover> plantLeftover(VikingFs fs, VPath dir) throws IOException {
                VPath log = dir.resolve("converted.jsonl");
                fs.append(log, "{\"n\":1}", true);
                String plainKey = root + log;
                plantRaw(log.toString(), "{\"plain\":true}\n".getBytes(StandardCharsets.UTF_8));
                return Optional.of(() -> raw().head(plainKey).isPresent());
            }

            @Override
            public Optional<ChildProcessSpec> childProcess() {
                return child;
            }

            @Override
            public void close() throws IOException {
                if (raw != null) {
                    raw.close();
                }
            }
        };
    }

    /** The files a client of {@code fs} sees: path → content (directories left out). */
    static Map<String, String> files(VikingFs fs) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<DirEntry> walk = fs.walk(VPath.ROOT)) {
            for (DirEntry d : (Iterable<DirEntry>) walk::iterator) {
                if (!d.isDirectory()) {
                    files.put(d.path().toString(), new String(fs.read(d.path()), StandardCharsets.UTF_8));
                }
            }
        }
        return files;
    }
}
