package io.vikingfs.junit.example;

import io.vikingfs.DirEntry;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.junit.AfterCrash;
import io.vikingfs.junit.Checkpoints;
import io.vikingfs.junit.CrashContext;
import io.vikingfs.junit.CrashTest;
import io.vikingfs.junit.VikingFsTest;
import io.vikingfs.junit.example.AgentSessionStore.Bug;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The crash tests of {@link AgentSessionStore}: two workloads (a conversation over two sessions; two summary
 * commits) and the application's invariants, checked after every crash. Subclasses choose the store's bugs: none
 * ({@link CorrectSessionStoreCrashTest}) or one each ({@code SessionStoreBugsAreCaughtTest}).
 */
@VikingFsTest
abstract class SessionStoreScenarios {
    abstract Set<Bug> bugs();

    @CrashTest
    void conversation(VikingFs fs, Checkpoints checkpoints) throws IOException {
        AgentSessionStore store = AgentSessionStore.open(fs, bugs());
        String s1 = store.newSession();
        checkpoints.mark("registered " + s1);
        store.appendTurn(s1, "hello");
        checkpoints.mark("acknowledged " + s1 + " hello");
        String s2 = store.newSession();
        checkpoints.mark("registered " + s2);
        store.appendTurn(s2, "hi");
        checkpoints.mark("acknowledged " + s2 + " hi");
    }

    @CrashTest
    void summaries(VikingFs fs, Checkpoints checkpoints) throws IOException {
        AgentSessionStore store = AgentSessionStore.open(fs, bugs());
        String s1 = store.newSession();
        store.commit(s1, 1, "first summary");
        checkpoints.mark("committed " + s1 + " 1");
        store.commit(s1, 2, "second summary");
        checkpoints.mark("committed " + s1 + " 2");
    }

    private AgentSessionStore reopen(VikingFs recovered) throws IOException {
        return AgentSessionStore.open(recovered, bugs()); // the application's own recovery must succeed
    }

    @AfterCrash
    void everySessionWithATranscript_isRegistered(VikingFs recovered) throws IOException {
        AgentSessionStore store = reopen(recovered);
        for (String id : sessionDirectories(recovered)) {
            if (!recovered.readRecords(AgentSessionStore.transcript(id)).records().isEmpty()) {
                assertThat(store.sessions()).as("the registry lists session %s, whose transcript survived", id)
                        .contains(id);
            }
        }
    }

    @AfterCrash
    void registeredSessions_stayRegistered(VikingFs recovered, CrashContext crash) throws IOException {
        AgentSessionStore store = reopen(recovered);
        for (String c : crash.checkpoints()) {
            if (c.startsWith("registered ")) {
                assertThat(store.sessions()).as("session %s was registered before the crash",
                        c.substring(11)).contains(c.substring(11));
            }
        }
    }

    @AfterCrash
    void acknowledgedTurns_survive(VikingFs recovered, CrashContext crash) throws IOException {
        AgentSessionStore store = reopen(recovered);
        for (String c : crash.checkpoints()) {
            if (c.startsWith("acknowledged ")) {
                String[] p = c.split(" ");
                assertThat(store.turns(p[1])).as("turn '%s' of %s was acknowledged before the crash", p[2], p[1])
                        .contains("{\"turn\":\"" + p[2] + "\"}");
            }
        }
    }

    @AfterCrash
    void aCommit_isWhole(VikingFs recovered, CrashContext crash) throws IOException {
        AgentSessionStore store = reopen(recovered);
        for (String id : store.sessions()) {
            store.committedVersions(id).ifPresent(v -> assertThat(v[0])
                    .as("the committed summary of %s (version %d) agrees with its metadata (version %d)", id, v[0], v[1])
                    .isEqualTo(v[1]));
        }
        for (String c : crash.checkpoints()) {
            if (c.startsWith("committed ")) {
                String[] p = c.split(" ");
                assertThat(store.committedVersions(p[1])).as("commit %s of %s returned before the crash", p[2], p[1])
                        .hasValueSatisfying(v -> assertThat(v[1]).isGreaterThanOrEqualTo(Integer.parseInt(p[2])));
            }
        }
    }

    @AfterCrash
    void aNewSession_afterRestart_getsAFreshId(VikingFs recovered) throws IOException {
        AgentSessionStore store = reopen(recovered);
        List<String> before = sessionDirectories(recovered);
        String id = store.newSession();
        assertThat(before).as("the id %s given to a new session after the restart is already used", id)
                .doesNotContain(id);
    }

    private static List<String> sessionDirectories(VikingFs fs) throws IOException {
        VPath sessions = VPath.of("sessions");
        if (!fs.exists(sessions)) {
            return List.of();
        }
        List<String> names;
        try (Stream<DirEntry> list = fs.list(sessions)) {
            names = list.filter(DirEntry::isDirectory).map(DirEntry::name).toList();
        }
        List<String> out = new java.util.ArrayList<>();
        for (String n : names) {
            if (fs.exists(AgentSessionStore.transcript(n))) {
                out.add(n);
            }
        }
        return out;
    }
}
