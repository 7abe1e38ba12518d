package io.vikingfs.chat;

import io.vikingfs.Capabilities;
import io.vikingfs.Capability;
import io.vikingfs.ForwardingVikingFs;
import io.vikingfs.Precondition;
import io.vikingfs.PreconditionFailedException;
import io.vikingfs.VPath;
import io.vikingfs.Version;
import io.vikingfs.VikingFs;
import io.vikingfs.WriteOptions;
import io.vikingfs.conformance.Concurrently;
import io.vikingfs.memory.MemoryVikingFs;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On a store without {@link Capability#ATOMIC_CONDITIONAL_WRITE} — here one whose {@code ifMatch} is a check, a
 * pause, then a write, as a store that checks one request at a time does — what the documentation says holds:
 * writers sharing one instance lose nothing (the instance serialises them), and writers with an instance each
 * (as processes) may lose updates but always leave one consistent conversation, never a mix or a broken chain.
 */
class WithoutAtomicConditionalWriteTest {
    private static final int THREADS = 8;
    private static final int ADDS = 25;

    @Test
    void oneInstance_manyThreads_oneConversation_loseNothing() throws Exception {
        try (MemoryVikingFs memory = MemoryVikingFs.create()) {
            ConversationStore<String> store = new ConversationStore<>(new CheckThenWrite(memory), new TextCodec());
            Concurrently.run(THREADS, t -> {
                for (int i = 0; i < ADDS; i++) {
                    List<String> list = store.read("c");
                    list.add(t + ":" + i);
                    store.write("c", list);
                }
            });
            List<String> stored = new ConversationStore<>(memory, new TextCodec()).read("c");
            assertThat(stored).hasSize(THREADS * ADDS).doesNotHaveDuplicates();
        }
    }

    @Test
    void anInstanceEach_mayLoseUpdates_butLeaveOneConsistentConversation() throws Exception {
        try (MemoryVikingFs memory = MemoryVikingFs.create()) {
            VikingFs weak = new CheckThenWrite(memory);
            Concurrently.run(THREADS, t -> {
                ConversationStore<String> store = new ConversationStore<>(weak, new TextCodec());
                for (int i = 0; i < ADDS; i++) {
                    List<String> list = store.read("c");
                    list.add(t + ":" + i);
                    store.write("c", list);
                }
            });
            List<String> stored = new ConversationStore<>(memory, new TextCodec()).read("c"); // the chain is whole
            assertThat(stored).doesNotHaveDuplicates().isNotEmpty();
            assertThat(new HashSet<>(stored)).as("only messages some writer added").allSatisfy(
                    s -> assertThat(s).matches("[0-7]:([0-9]|1[0-9]|2[0-4])"));
            for (int t = 0; t < THREADS; t++) {
                String prefix = t + ":";
                List<Integer> mine = new ArrayList<>();
                stored.stream().filter(s -> s.startsWith(prefix))
                        .forEach(s -> mine.add(Integer.parseInt(s.substring(prefix.length()))));
                assertThat(mine).as("writer " + t + "'s surviving messages keep its order").isSorted();
            }
        }
    }

    /** A store whose ifMatch is not atomic: it checks the version, pauses, then writes unconditionally. */
    private static final class CheckThenWrite extends ForwardingVikingFs {
        CheckThenWrite(VikingFs delegate) {
            super(delegate);
        }

        @Override
        public Capabilities capabilities() {
            EnumSet<Capability> caps = EnumSet.copyOf(delegate().capabilities().asSet());
            caps.remove(Capability.ATOMIC_CONDITIONAL_WRITE);
            return Capabilities.of(caps.toArray(new Capability[0]));
        }

        @Override
        public Version atomicWrite(VPath path, byte[] bytes, WriteOptions options) throws IOException {
            if (options.precondition() instanceof Precondition.IfMatch m) {
                Version actual = exists(path) ? stat(path).version() : null;
                if (!m.expected().equals(actual)) {
                    throw new PreconditionFailedException(path, m, actual);
                }
                Thread.yield(); // the window in which another writer's check passes too
                return super.atomicWrite(path, bytes, options.withPrecondition(Precondition.none()));
            }
            return super.atomicWrite(path, bytes, options);
        }
    }
}
