package io.vikingfs.object;

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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What only S3 needs for {@code stage}: with no lock that dies with its holder, a staging owned by another JVM is
 * presumed alive for {@link ObjectStoreOptions#reclaimGrace()}, and a commit racing the recovery that reclaims it switches
 * nothing; the missing parents {@code stage} created ({@code VikingFs.stage}) outlive a staging recovery reclaims.
 */
class StagingTest {
    private static VikingFs open(InMemoryObjectClient store, Duration grace) throws IOException {
        return ObjectVikingFs.open(store.view((i, op, key) -> Outcome.APPLY), "root",
                ObjectStoreOptions.DEFAULT.withReclaimGrace(grace), true, URI.create("s3://memory/root"), null);
    }

    @Test
    void commit_ofAStagingRecoveryIsReclaiming_switchesNothingAndSaysWhy() throws IOException {
        InMemoryObjectClient store = new InMemoryObjectClient();
        try (VikingFs fs = open(store, Duration.ofHours(1))) {
            fs.atomicWrite(VPath.of("w/live/a.txt"), "old".getBytes(StandardCharsets.UTF_8), WriteOptions.DEFAULT);
            StagedDirectory staged = fs.stage(VPath.of("w/live"));
            fs.atomicWrite(staged.path().resolve("a.txt"), "new".getBytes(StandardCharsets.UTF_8), WriteOptions.DEFAULT);
            // recovery in another JVM judged the owner gone (older than its grace) and marked the record first
            String id = staged.path().name().substring(staged.path().name().length() - 16);
            store.put("root/w/" + Keys.STAGE + id, (staged.path().name() + "\nreclaiming\n")
                    .getBytes(StandardCharsets.UTF_8), PutMode.OVERWRITE);
            assertThatThrownBy(() -> staged.commit(true)).isInstanceOf(VikingFsException.class)
                    .hasMessageContaining(staged.path().toString()).hasMessageContaining("reclaimed as abandoned");
            assertThat(new String(fs.read(VPath.of("w/live/a.txt")), StandardCharsets.UTF_8)).isEqualTo("old");
        }
    }

    @Test
    void staging_ofAnotherJvmWithinTheGrace_isKept_andReclaimedOnceTheGraceIsOver() throws IOException {
        InMemoryObjectClient store = new InMemoryObjectClient();
        VPath stagedPath;
        try (VikingFs fs = open(store, Duration.ofHours(1))) {
            StagedDirectory staged = fs.stage(VPath.of("w/live"));
            stagedPath = staged.path();
            fs.atomicWrite(stagedPath.resolve("a.txt"), "new".getBytes(StandardCharsets.UTF_8), WriteOptions.DEFAULT);
            // the record as an owner in another, still running JVM leaves it (an owner id this JVM does not know)
            store.put("root/w/" + Keys.STAGE + stagedPath.name().substring(stagedPath.name().length() - 16),
                    (stagedPath.name() + "\nowner-in-another-jvm\n").getBytes(StandardCharsets.UTF_8),
                    PutMode.OVERWRITE);
            try (VikingFs other = open(store, Duration.ofHours(1))) {
                assertThat(other.recover(true).abandonedStaging()).as("within the grace").isEmpty();
                assertThat(other.exists(stagedPath)).isTrue();
            }
            try (VikingFs other = open(store, Duration.ZERO)) { // opening recovers: the grace is over
                assertThat(other.exists(stagedPath)).isFalse();
                assertThat(other.recover(false).total()).isZero();
            }
        }
    }

    @Test
    void theMissingParentsStageCreated_outliveAnAbandonedStaging() throws IOException {
        InMemoryObjectClient store = new InMemoryObjectClient();
        VPath stagedPath;
        try (VikingFs fs = open(store, Duration.ZERO)) {
            StagedDirectory staged = fs.stage(VPath.of("new/parent/live"));
            stagedPath = staged.path();
            fs.atomicWrite(stagedPath.resolve("a.txt"), "abandoned".getBytes(StandardCharsets.UTF_8),
                    WriteOptions.DEFAULT);
        } // closed without commit: the staging is abandoned
        try (VikingFs fs = open(store, Duration.ZERO)) { // opening recovers: the staging is reclaimed
            assertThat(fs.exists(stagedPath)).isFalse();
            assertThat(fs.stat(VPath.of("new/parent")).isDirectory())
                    .as("stage creates live's missing parents (VikingFs.stage); reclaiming a staging leaves them")
                    .isTrue();
        }
    }
}
