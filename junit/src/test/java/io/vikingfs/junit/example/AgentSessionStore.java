package io.vikingfs.junit.example;

import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.WriteOptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A small agent session store, as an application would write it on VikingFS: a registry of sessions, a JSONL
 * transcript per session, a cursor cache, a session id counter and a committed summary with its metadata. Each
 * {@link Bug} turns on one naive way of writing it that a crash can break; with none, it is the corrected version.
 */
public final class AgentSessionStore {
    /** Application-level crash bugs, each the naive version of one step. */
    public enum Bug {
        /** The registry is written non-durably, then a durable transcript line refers to the session. */
        REGISTRY_NOT_DURABLE,
        /** A turn is acknowledged to the user after a non-durable append. */
        TURN_ACKNOWLEDGED_BEFORE_DURABLE,
        /** A commit is two atomic writes (summary, then its metadata): a crash between leaves them disagreeing. */
        TWO_FILE_COMMIT,
        /** Recovery reads the cursor cache, which its writer never makes durable. */
        RECOVERY_ASSUMES_CURSOR,
        /** The registry is updated by deleting it, then writing the new one. */
        REGISTRY_DELETED_BEFORE_REWRITE,
        /** The id counter is written non-durably before a durable session uses the id: ids are reused. */
        ID_COUNTER_NOT_DURABLE
    }

    // Three directories, as an application would lay them out: a directory sync made for one of them does not
    // make another's unsynced changes durable by accident (which would hide its bug on some runs but not others).
    public static final VPath REGISTRY = VPath.of("registry.txt");
    public static final VPath COUNTER = VPath.of("ids/next-id");

    private final VikingFs fs;
    private final Set<Bug> bugs;

    private AgentSessionStore(VikingFs fs, Set<Bug> bugs) {
        this.fs = fs;
        this.bugs = bugs.isEmpty() ? EnumSet.noneOf(Bug.class) : EnumSet.copyOf(bugs);
    }

    /** Opens the store on {@code fs} and runs the application's recovery (rebuilds every session's cursor). */
    public static AgentSessionStore open(VikingFs fs, Set<Bug> bugs) throws IOException {
        AgentSessionStore store = new AgentSessionStore(fs, bugs);
        store.recover();
        return store;
    }

    public static VPath transcript(String id) {
        return VPath.of("sessions/" + id + "/transcript.jsonl");
    }

    static VPath cursor(String id) {
        return VPath.of("sessions/" + id + "/cursor");
    }

    static VPath commit(String id) {
        return VPath.of("sessions/" + id + "/commit");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Creates a session with a fresh id, registers it and starts its transcript; returns the id. */
    public String newSession() throws IOException {
        int n = fs.exists(COUNTER) ? Integer.parseInt(text(fs.read(COUNTER))) : 1;
        String id = "s" + n;
        fs.atomicWrite(COUNTER, utf8(Integer.toString(n + 1)), WriteOptions.durable(!bugs.contains(Bug.ID_COUNTER_NOT_DURABLE)));
        List<String> registered = new ArrayList<>(sessions());
        registered.add(id);
        if (bugs.contains(Bug.REGISTRY_DELETED_BEFORE_REWRITE)) {
            fs.deleteIfExists(REGISTRY);
        }
        fs.atomicWrite(REGISTRY, utf8(String.join("\n", registered)),
                WriteOptions.durable(!bugs.contains(Bug.REGISTRY_NOT_DURABLE)));
        fs.append(transcript(id), "{\"event\":\"started\",\"session\":\"" + id + "\"}", true);
        return id;
    }

    /** Appends a turn; when it returns, the turn is acknowledged to the user. */
    public void appendTurn(String id, String text) throws IOException {
        fs.append(transcript(id), "{\"turn\":\"" + text + "\"}", !bugs.contains(Bug.TURN_ACKNOWLEDGED_BEFORE_DURABLE));
        // The cursor is a cache of the transcript's length: written cheaply, never made durable.
        fs.atomicWrite(cursor(id), utf8(Integer.toString(turns(id).size())), WriteOptions.durable(false));
    }

    /** Commits a summary of the session together with its metadata (which version it is). */
    public void commit(String id, int version, String summary) throws IOException {
        String meta = "{\"version\":" + version + "}";
        String body = summary + "\nversion " + version;
        if (bugs.contains(Bug.TWO_FILE_COMMIT)) {
            fs.atomicWrite(commit(id).resolve("summary.md"), utf8(body), WriteOptions.DEFAULT);
            fs.atomicWrite(commit(id).resolve("meta.json"), utf8(meta), WriteOptions.DEFAULT);
            return;
        }
        VPath staged = VPath.of("staging/" + id + "-commit");
        if (fs.exists(staged)) {
            fs.deleteRecursively(staged); // a crashed commit's leftover
        }
        fs.atomicWrite(staged.resolve("summary.md"), utf8(body), WriteOptions.durable(false));
        fs.atomicWrite(staged.resolve("meta.json"), utf8(meta), WriteOptions.durable(false));
        fs.switchDirectory(staged, commit(id), true); // old commit or new, never a mix
    }

    /** The registered sessions, in order. */
    public List<String> sessions() throws IOException {
        if (!fs.exists(REGISTRY)) {
            return List.of();
        }
        String s = text(fs.read(REGISTRY));
        return s.isEmpty() ? List.of() : List.of(s.split("\n"));
    }

    /** The turns of a session's transcript (its records other than "started"). */
    public List<String> turns(String id) throws IOException {
        if (!fs.exists(transcript(id))) {
            return List.of();
        }
        return fs.readRecords(transcript(id)).records().stream().filter(r -> r.startsWith("{\"turn\"")).toList();
    }

    /** The committed version of a session: the summary's and the metadata's, which must agree. */
    public Optional<int[]> committedVersions(String id) throws IOException {
        VPath summary = commit(id).resolve("summary.md");
        VPath meta = commit(id).resolve("meta.json");
        if (!fs.exists(summary) && !fs.exists(meta)) {
            return Optional.empty();
        }
        int s = fs.exists(summary) ? Integer.parseInt(text(fs.read(summary)).replaceAll("(?s).*version ", "")) : -1;
        int m = fs.exists(meta) ? Integer.parseInt(text(fs.read(meta)).replaceAll("\\D", "")) : -1;
        return Optional.of(new int[] {s, m});
    }

    /** The application's recovery on start: the cursor of every session is checked against its transcript. */
    private void recover() throws IOException {
        for (String id : sessions()) {
            if (!fs.exists(transcript(id))) {
                continue;
            }
            int turns = turns(id).size();
            if (turns == 0) {
                continue;
            }
            if (bugs.contains(Bug.RECOVERY_ASSUMES_CURSOR)) {
                int cached = Integer.parseInt(text(fs.read(cursor(id)))); // NoSuchFileException after a power loss
                if (cached != turns) {
                    fs.atomicWrite(cursor(id), utf8(Integer.toString(turns)), WriteOptions.durable(false));
                }
            } else {
                // A cache may be missing or stale after a crash: rebuild it from the transcript, the durable truth.
                fs.atomicWrite(cursor(id), utf8(Integer.toString(turns)), WriteOptions.durable(false));
            }
        }
    }
}
