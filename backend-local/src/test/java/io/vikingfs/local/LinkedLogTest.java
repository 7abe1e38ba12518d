package io.vikingfs.local;

import io.vikingfs.VPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A log whose file has two names (a hard link made by another program, or both names of a rename cut short by a
 * crash, before recovery) appended to under each name in turn: every append lands after the last one, whichever
 * name it used — on the real disk and on Jimfs alike. On Jimfs a second lock on the file is granted rather than
 * refused, so before {@link BurstLocks#heldElsewhere} the first name's hold was never released and its next append
 * wrote at the end it remembered, over the record appended under the other name.
 */
class LinkedLogTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"disk", "jimfs"})
    void appendsUnderTwoNamesOfOneFile_eachLandAfterTheLast(String where) throws Exception {
        try (Stores stores = Stores.on(where, tmp); LocalVikingFs fs = stores.open()) {
            VPath a = VPath.of("two/a.jsonl");
            VPath b = VPath.of("two/b.jsonl");
            fs.append(a, "{\"n\":0}", false);
            Files.createLink(stores.root.resolve("two/b.jsonl"), stores.root.resolve("two/a.jsonl"));
            fs.append(b, "{\"n\":1}", false);
            fs.append(a, "{\"n\":2}", true);
            fs.append(b, "{\"n\":3}", true);
            assertThat(fs.readRecords(a).records())
                    .containsExactly("{\"n\":0}", "{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
            assertThat(fs.readRecords(b).records()).isEqualTo(fs.readRecords(a).records());
        }
    }

    /**
     * Two in-memory stores whose logs are the same-numbered file of their own Jimfs (it numbers each file system's
     * files from 0): a log held in one is no other name of the other's. When the disk passed Jimfs's key on as it is,
     * an append in the second store met the first store's hold as a second lock on its own file: it released that
     * hold or, while the first store was appending, failed with "locked by this process outside VikingFS" — half the
     * parallel runs of the JUnit extension's crash tests did.
     */
    @Test
    void logsOfTwoJimfsStores_withTheSameFileNumber_areNoNamesOfOneFile() throws Exception {
        try (Stores one = Stores.on("jimfs", tmp); Stores two = Stores.on("jimfs", tmp);
             LocalVikingFs a = one.open(); LocalVikingFs b = two.open()) {
            VPath log = VPath.of("s/t.jsonl");
            a.append(log, "{\"n\":0}", true);
            b.append(log, "{\"n\":0}", true);
            b.close(); // its own hold of its log goes: only the first store's (registered below) is left to meet
            Path inOne = one.root.resolve("s/t.jsonl");
            Path inTwo = two.root.resolve("s/t.jsonl");
            assertThat(Files.readAttributes(inOne, BasicFileAttributes.class).fileKey())
                    .as("the premise: Jimfs gives both files the same key")
                    .isEqualTo(Files.readAttributes(inTwo, BasicFileAttributes.class).fileKey());
            Object keyOne = one.disk.stat(inOne).fileKey();
            Object keyTwo = two.disk.stat(inTwo).fileKey();
            assertThat(keyOne).isNotEqualTo(keyTwo).isEqualTo(one.disk.stat(inOne).fileKey());
            BurstLocks.Hold held = hold(keyOne);
            ReentrantLock lock = new ReentrantLock();
            BurstLocks.held(lock, held);
            try {
                assertThat(BurstLocks.heldElsewhere(hold(null), keyTwo)).isFalse();
                assertThat(BurstLocks.heldElsewhere(hold(null), keyOne)).isTrue();
            } finally {
                BurstLocks.released(lock, held);
            }
        }
    }

    /**
     * A file whose identity the file system does not give ({@code fileKey} null) is never taken for another name of
     * a held one: else, on such a file system, every append would meet a "second lock" and fail.
     */
    @Test
    void aFileWithoutAKnownIdentity_isNeverTakenForAnotherNameOfAHeldOne() {
        BurstLocks.Hold other = hold(null);
        BurstLocks.Hold keyed = hold("key");
        ReentrantLock a = new ReentrantLock();
        ReentrantLock b = new ReentrantLock();
        BurstLocks.held(a, other);
        BurstLocks.held(b, keyed);
        try {
            assertThat(BurstLocks.heldElsewhere(hold(null), null)).isFalse();
            assertThat(BurstLocks.heldElsewhere(hold("key"), "key")).as("the same identity is").isTrue();
            assertThat(BurstLocks.heldElsewhere(keyed, "key")).as("but not the hold itself").isFalse();
        } finally {
            BurstLocks.released(a, other);
            BurstLocks.released(b, keyed);
        }
    }

    /**
     * An append that meets a second lock on its file releases the other holds of that file (and of files of unknown
     * identity), never those of other files: the lock met cannot be theirs, and releasing them would go through
     * their stores' disks, where a hung one stalled this append (it had released every hold in the JVM).
     */
    @Test
    void aSecondLockMet_releasesTheOtherHoldsOfTheSameFile_only() {
        List<Object> released = new CopyOnWriteArrayList<>();
        BurstLocks.Hold same = hold("k", released);
        BurstLocks.Hold unknown = hold(null, released);
        BurstLocks.Hold otherFile = hold("other", released);
        Map<ReentrantLock, BurstLocks.Hold> holds = Map.of(new ReentrantLock(), same, new ReentrantLock(), unknown,
                new ReentrantLock(), otherFile);
        holds.forEach(BurstLocks::held);
        try {
            assertThat(BurstLocks.yieldOthers(hold("k", released))).as("other holds were registered").isTrue();
            assertThat(released).containsExactlyInAnyOrder(same, unknown);
        } finally {
            holds.forEach(BurstLocks::released);
        }
    }

    private static BurstLocks.Hold hold(Object key) {
        return hold(key, new ArrayList<>());
    }

    /** A hold of the file {@code key} that adds itself to {@code released} when released. */
    private static BurstLocks.Hold hold(Object key, List<Object> released) {
        return new BurstLocks.Hold() {
            @Override
            public long lastUse() {
                return System.nanoTime();
            }

            @Override
            public void release() {
                released.add(this);
            }

            @Override
            public boolean shared() {
                return false;
            }

            @Override
            public Object fileKey() {
                return key;
            }
        };
    }
}
