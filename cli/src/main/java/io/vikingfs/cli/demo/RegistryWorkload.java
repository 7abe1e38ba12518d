package io.vikingfs.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vikingfs.Capability;
import io.vikingfs.FileStat;
import io.vikingfs.Precondition;
import io.vikingfs.PreconditionFailedException;
import io.vikingfs.Records;
import io.vikingfs.UnsupportedByBackendException;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.WriteOptions;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The session registry: one small JSON document ({@code registry.json}) rewritten by several threads, each update
 * a read-modify-write guarded by {@code ifMatch} and retried when another thread won the race. After each update
 * that landed, the thread appends the counter value it wrote to {@code registry-events.jsonl}, so a lost update
 * (two threads writing the same value) would show up as a duplicate there.
 */
final class RegistryWorkload {
    private final VikingFs fs;
    private final VPath registry;
    private final VPath events;
    private final DemoConfig config;
    final AtomicInteger updates = new AtomicInteger();
    final AtomicLong retries = new AtomicLong();
    /** Why the store refused ifMatch (an S3 store whose audit found If-Match not atomic), or null. */
    private volatile String refused;

    RegistryWorkload(VikingFs fs, VPath base, DemoConfig config) {
        this.fs = fs;
        this.registry = base.resolve("sessions/registry.json");
        this.events = base.resolve("sessions/registry-events.jsonl");
        this.config = config;
    }

    int total() {
        return config.registryThreads() * config.updatesPerThread();
    }

    void create() throws IOException {
        ObjectNode doc = Records.defaultMapper().createObjectNode();
        doc.put("counter", 0);
        ObjectNode sessions = doc.putObject("sessions");
        for (int t = 0; t < config.registryThreads(); t++) {
            sessions.putObject(session(t)).put("turns", 0);
        }
        Records.writeJson(fs, registry, doc, WriteOptions.precondition(Precondition.ifAbsent()));
    }

    /** The work of registry thread {@code t}: its updates, each retried until its ifMatch holds. */
    void runThread(int t) throws IOException {
        for (int i = 0; i < config.updatesPerThread(); i++) {
            while (true) {
                // The version is taken before the read: if the file changes in between, the ifMatch below fails
                // and we retry, so an update is never computed from content older than the version it claims.
                FileStat stat = fs.stat(registry);
                ObjectNode doc = (ObjectNode) Records.readDocument(fs, registry, JsonNode.class);
                long counter = doc.get("counter").asLong() + 1;
                doc.put("counter", counter);
                ObjectNode mine = (ObjectNode) doc.get("sessions").get(session(t));
                mine.put("turns", mine.get("turns").asLong() + 1);
                try {
                    Records.writeJson(fs, registry, doc, WriteOptions.precondition(Precondition.ifMatch(stat.version())));
                } catch (PreconditionFailedException lostRace) {
                    retries.incrementAndGet();
                    continue;
                } catch (UnsupportedByBackendException e) {
                    // Nothing was written: the registry checks report the refusal instead of a counter.
                    refused = e.getMessage();
                    return;
                }
                updates.incrementAndGet();
                fs.append(events, "{\"counter\":" + counter + ",\"thread\":" + t + "}", false);
                break;
            }
        }
    }

    List<Check> check() throws IOException {
        List<Check> checks = new ArrayList<>();
        String name = "registry counter is exactly " + total() + " (" + config.registryThreads() + " threads × "
                + config.updatesPerThread() + " ifMatch updates)";
        if (refused != null) {
            checks.add(Check.skip(name, "the store refuses racing ifMatch writes: " + refused));
            return checks;
        }
        boolean atomic = fs.capabilities().has(Capability.ATOMIC_CONDITIONAL_WRITE);
        JsonNode doc = Records.readDocument(fs, registry, JsonNode.class);
        long counter = doc.get("counter").asLong();
        String found = "found " + counter + " after " + retries.get() + " retries";
        if (!atomic) {
            checks.add(Check.skip(name, found + "; the backend does not declare ATOMIC_CONDITIONAL_WRITE, so racing "
                    + "ifMatch writers may lose updates there"));
            return checks;
        }
        checks.add(Check.of(name, counter == total(), found));
        StringBuilder wrong = new StringBuilder();
        for (int t = 0; t < config.registryThreads(); t++) {
            long turns = doc.get("sessions").get(session(t)).get("turns").asLong();
            if (turns != config.updatesPerThread()) {
                wrong.append(session(t)).append(" has ").append(turns).append(' ');
            }
        }
        checks.add(Check.of("every session's turn count is exactly " + config.updatesPerThread(),
                wrong.length() == 0, wrong.length() == 0 ? config.registryThreads() + " sessions" : wrong.toString()));
        List<JsonNode> written = Records.readJsonNodes(fs, events);
        boolean[] seen = new boolean[total() + 1];
        String problem = null;
        for (JsonNode e : written) {
            int v = e.get("counter").asInt();
            if (v < 1 || v > total() || seen[v]) {
                problem = "counter value " + v + (v >= 1 && v <= total() ? " written twice (a lost update)" : " out of range");
                break;
            }
            seen[v] = true;
        }
        if (problem == null && written.size() != total()) {
            problem = written.size() + " landed updates logged, expected " + total();
        }
        checks.add(Check.of("each counter value 1.." + total() + " was written by exactly one update",
                problem == null, problem == null ? written.size() + " updates in " + events : problem));
        return checks;
    }

    String describe() {
        return config.registryThreads() + " threads × " + config.updatesPerThread()
                + " ifMatch read-modify-write updates of " + registry + ": " + updates.get() + " landed, "
                + retries.get() + " retried after losing a race";
    }

    private static String session(int t) {
        return "session-" + t;
    }
}
