package io.vikingfs.s3;

import io.vikingfs.object.ObjectFixtures;
import io.vikingfs.object.ObjectStoreOptions;
import io.vikingfs.object.ObjectVikingFs;
import io.vikingfs.Precondition;
import io.vikingfs.RenameOptions;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.WriteOptions;
import io.vikingfs.object.client.RetryingObjectClient;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults on the wire, against S3Proxy in this JVM: an OkHttp interceptor fails request <i>i</i> — an
 * {@link IOException} before it is sent, a 503 answer without sending it, or a lost response after the server
 * applied it — for every index <i>i</i> of a workload. With retries, every run must end in exactly the state of
 * an unfaulted run: no lost, doubled or torn record, no failed call.
 */
class S3FaultInjectionTest {
    private static EmbeddedS3 s3;

    enum Fault { IO_EXCEPTION, HTTP_503, LOST_RESPONSE }

    /**
     * Fails the request with index {@code target}, or (with a {@code period}) every request whose index is
     * {@code target} modulo {@code period}; counts every request. Three runs with period 3 and targets 0, 1, 2
     * fault every index of the workload (a CopyObject is two requests in minio-java, so period 2 would fault
     * every attempt of a copy).
     */
    private static final class Injector implements Interceptor {
        final AtomicInteger count = new AtomicInteger();
        final int target;
        final int period;
        final Fault fault;
        volatile boolean fired;

        Injector(int target, Fault fault) {
            this(target, 0, fault);
        }

        Injector(int target, int period, Fault fault) {
            this.target = target;
            this.period = period;
            this.fault = fault;
        }

        @Override
        public Response intercept(Chain chain) throws IOException {
            int i = count.getAndIncrement();
            boolean hit = period > 0 ? i % period == target : i == target;
            if (!hit || fault == null) {
                return chain.proceed(chain.request());
            }
            fired = true;
            switch (fault) {
                case IO_EXCEPTION:
                    throw new IOException("injected: connection reset before request #" + i + " was sent");
                case HTTP_503:
                    return new Response.Builder().request(chain.request()).protocol(Protocol.HTTP_1_1).code(503)
                            .message("Service Unavailable").header("Content-Type", "application/xml")
                            .body(ResponseBody.create("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown"
                                    + "</Code><Message>injected</Message></Error>", MediaType.get("application/xml")))
                            .build();
                default:
                    chain.proceed(chain.request()).close();
                    throw new IOException("injected: response to request #" + i + " lost after the server applied it");
            }
        }
    }

    @BeforeAll
    static void start() throws IOException {
        s3 = EmbeddedS3.startTransient("faults");
    }

    @AfterAll
    static void stop() throws IOException {
        s3.close();
    }

    private static VikingFs open(String prefix, Injector injector) throws IOException {
        OkHttpClient http = new OkHttpClient.Builder().addInterceptor(injector).retryOnConnectionFailure(false)
                .connectTimeout(5, TimeUnit.SECONDS).readTimeout(30, TimeUnit.SECONDS).build();
        // recovery on open is a full listing: left out, so the faults land on the workload's own requests
        return ObjectVikingFs.open(new RetryingObjectClient(s3.clientBuilder().httpClient(http).build(), 4, Duration.ofMillis(1),
                5L << 20), prefix, ObjectStoreOptions.DEFAULT.withCompactionFanout(4).withRecoverOnOpen(false), false,
                URI.create("s3://faults/" + prefix), null);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void workload(VikingFs fs) throws IOException {
        fs.atomicWrite(VPath.of("d/doc.json"), b("{\"v\":1}"), WriteOptions.DEFAULT);
        fs.atomicWrite(VPath.of("d/doc.json"), b("{\"v\":2}"),
                WriteOptions.precondition(Precondition.ifMatch(fs.stat(VPath.of("d/doc.json")).version())));
        fs.atomicWrite(VPath.of("d/lock"), b("me"), WriteOptions.precondition(Precondition.ifAbsent()));
        for (int i = 0; i < 3; i++) {
            fs.append(VPath.of("d/t.jsonl"), "{\"i\":" + i + "}", true);
        }
        fs.rename(VPath.of("d/lock"), VPath.of("e/lock"), RenameOptions.DEFAULT);
        fs.atomicWrite(VPath.of("s/x.txt"), b("x"), WriteOptions.DEFAULT);
        fs.switchDirectory(VPath.of("s"), VPath.of("live"), true);
    }

    @Test
    void everyRequestFaulted_eachFaultKind_workloadEndsInTheUnfaultedState() throws Exception {
        Injector counting = new Injector(-1, null);
        Map<String, String> expected;
        String reference = "ref-" + UUID.randomUUID();
        try (VikingFs fs = open(reference, counting)) {
            workload(fs);
            expected = ObjectFixtures.files(fs);
        }
        int requests = counting.count.get();
        assertThat(expected).containsKeys("d/doc.json", "d/t.jsonl", "e/lock", "live/x.txt").doesNotContainKey("d/lock");
        List<String> failures = new ArrayList<>();
        int runs = 0;
        for (Fault fault : Fault.values()) {
            // every third request faulted, at each of the three offsets: every index of the workload is hit
            for (int offset = 0; offset < 3; offset++) {
                runs += run(new Injector(offset, 3, fault), "every 3rd request from " + offset, expected, failures);
            }
            // and one fault alone at each request index of the first operations (a fresh run each)
            for (int i = 0; i < Math.min(requests, 12); i++) {
                runs += run(new Injector(i, fault), "request " + i, expected, failures);
            }
        }
        System.out.printf("fault injection: %d runs over a workload of %d requests%n", runs, requests);
        assertThat(failures).as("%d runs over %d requests", runs, requests).isEmpty();
    }

    private static int run(Injector injector, String where, Map<String, String> expected, List<String> failures) {
        String prefix = injector.fault.name().toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8);
        try (VikingFs fs = open(prefix, injector)) {
            workload(fs);
            Map<String, String> seen = ObjectFixtures.files(fs);
            if (!seen.equals(expected)) {
                failures.add(injector.fault + " at " + where + ": " + seen);
            }
        } catch (IOException | RuntimeException e) {
            failures.add(injector.fault + " at " + where + ": " + e);
        }
        return 1;
    }
}
