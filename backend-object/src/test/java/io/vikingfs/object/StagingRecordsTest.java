package io.vikingfs.object;

import io.vikingfs.RecoveryReport;
import io.vikingfs.StagedDirectory;
import io.vikingfs.VPath;
import io.vikingfs.VikingFs;
import io.vikingfs.VikingFsException;
import io.vikingfs.WriteOptions;
import io.vikingfs.object.client.InMemoryObjectClient;
import io.vikingfs.object.client.InMemoryObjectClient.Outcome;
import io.vikingfs.object.client.PutMode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The record {@link Staging} keeps beside each staging ({@code P/dir/.vfs-stage-<id>}), as its Javadoc describes
 * it: gone once the staging is committed or aborted; an abandoned staging reported by recovery as the staged
 * directory, a record whose staging holds nothing as the record; and recovery marks a record {@code reclaiming}
 * before it deletes anything, so the owner's commit in that window switches nothing.
 */
class StagingRecordsTest {
    private static final VPath LIVE = VPath.of("w/live");

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static VikingFs open(InMemoryObjectClient view, Duration grace) throws IOException {
        return ObjectVikingFs.open(view, "root", ObjectStoreOptions.DEFAULT.withReclaimGrace(grace)
                .withRecoverOnOpen(false), true, URI.create("s3://memory/root"), null);
    }

    private static long records(InMemoryObjectClient store) {
        return store.snapshot().keySet().stream().filter(k -> k.contains("/" + Keys.STAGE)).count();
    }

    private static String recordKey(StagedDirectory staged) {
        String name = staged.path().name();
        return "root/w/" + Keys.STAGE + name.substring(name.length() - 16);
    }

    /** Makes the record say its owner is an instance in another JVM, presumed alive only for the grace. */
    private static void ownedElsewhere(InMemoryObjectClient store, StagedDirectory staged) throws IOException {
        store.put(recordKey(staged), b(staged.path().name() + "\nowner-in-another-jvm\n"), PutMode.OVERWRITE);
    }

    @Test
    void aCommittedOrAbortedStaging_leavesNoRecord() throws IOException {
        InMemoryObjectClient store = new InMemoryObjectClient();
        try (VikingFs fs = open(store, Duration.ofHours(1))) {
            try (StagedDirectory staged = fs.stage(LIVE)) {
                fs.atomicWrite(staged.path().resolve("a"), b("1"), WriteOptions.DEFAULT);
                assertThat(records(store)).isEqualTo(1);
                staged.commit(true);
            }
            assertThat(records(store)).as("after commit").isZero();
            StagedDirectory aborted = fs.stage(LIVE);
            aborted.close();
            aborted.close(); // idempotent
            assertThat(records(store)).as("after abort").isZero();
            assertThat(new String(fs.read(LIVE.resolve("a")), StandardCharsets.UTF_8)).isEqualTo("1");
        }
    }

    @Test
    void recovery_reportsAnAbandonedStagingAsItsDirectory_andARecordWithNothingStagedAsTheRecord() throws IOException {
        InMemoryObjectClient store = new InMemoryObjectClient();
        try (VikingFs owner = open(store, Duration.ofHours(1))) {
            StagedDirectory filled = owner.stage(LIVE);
            owner.atomicWrite(filled.path().resolve("a"), b("1"), WriteOptions.DEFAULT);
            StagedDirectory empty = owner.stage(VPath.of("w/other"));
            ownedElsewhere(store, filled);
            ownedElsewhere(store, empty);
            store.delete("root/" + empty.path() + "/"); // its directory marker: the staging holds nothing
            try (VikingFs recovering = open(store, Duration.ZERO)) {
                RecoveryReport found = recovering.recover(false);
                assertThat(found.abandonedStaging()).containsExactly(filled.path().toString());
                assertThat(found.other()).containsExactly(recordKey(empty).substring("root/".length()));
                RecoveryReport applied = recovering.recover(true);
                assertThat(applied.abandonedStaging()).isEqualTo(found.abandonedStaging());
                assertThat(applied.other()).isEqualTo(found.other());
                assertThat(recovering.exists(filled.path())).isFalse();
            }
            assertThat(records(store)).isZero();
        }
    }

    @Test
    void recovery_marksTheRecordReclaimingBeforeItDeletes_soACommitInBetweenSwitchesNothing() throws IOException {
        InMemoryObjectClient store = new InMemoryObjectClient();
        try (VikingFs owner = open(store, Duration.ofHours(1))) {
            owner.atomicWrite(LIVE.resolve("a"), b("old"), WriteOptions.DEFAULT);
            StagedDirectory staged = owner.stage(LIVE);
            owner.atomicWrite(staged.path().resolve("a"), b("new"), WriteOptions.DEFAULT);
            ownedElsewhere(store, staged); // past the recovering client's grace of zero: abandoned
            String stagedPrefix = "root/" + staged.path() + "/";
            AtomicReference<Throwable> commit = new AtomicReference<>();
            InMemoryObjectClient recoveringView = store.view(new InMemoryObjectClient.RequestHook() {
                private boolean done;

                @Override
                public synchronized Outcome onRequest(long index, String op, String key) {
                    if (!done && op.equals("delete") && key.startsWith(stagedPrefix)) {
                        done = true; // the owner commits just before recovery's first delete in its staging
                        try {
                            staged.commit(true);
                        } catch (Throwable t) {
                            commit.set(t);
                        }
                    }
                    return Outcome.APPLY;
                }
            });
            try (VikingFs recovering = open(recoveringView, Duration.ZERO)) {
                recovering.recover(true);
            }
            assertThat(commit.get()).isInstanceOf(VikingFsException.class)
                    .hasMessageContaining("reclaimed as abandoned");
            assertThat(new String(owner.read(LIVE.resolve("a")), StandardCharsets.UTF_8)).isEqualTo("old");
        }
    }
}
