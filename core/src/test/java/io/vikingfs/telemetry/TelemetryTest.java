package io.vikingfs.telemetry;

import jdk.jfr.Recording;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TelemetryTest {
    @AfterEach
    void clear() {
        System.clearProperty(Telemetry.SLOW_THRESHOLD_PROPERTY);
    }

    @Test
    void theSlowThresholdComesFromTheSystemPropertyInMillisOrIso8601() {
        assertThat(new Telemetry().slowThreshold()).isEqualTo(Telemetry.DEFAULT_SLOW_THRESHOLD);
        System.setProperty(Telemetry.SLOW_THRESHOLD_PROPERTY, "250");
        assertThat(new Telemetry().slowThreshold()).isEqualTo(Duration.ofMillis(250));
        System.setProperty(Telemetry.SLOW_THRESHOLD_PROPERTY, "PT2S");
        assertThat(new Telemetry().slowThreshold()).isEqualTo(Duration.ofSeconds(2));
        System.setProperty(Telemetry.SLOW_THRESHOLD_PROPERTY, "soon");
        assertThat(new Telemetry().slowThreshold()).isEqualTo(Telemetry.DEFAULT_SLOW_THRESHOLD); // warned, ignored
        System.setProperty(Telemetry.SLOW_THRESHOLD_PROPERTY, "-5");
        assertThat(new Telemetry().slowThreshold()).isEqualTo(Telemetry.DEFAULT_SLOW_THRESHOLD);
        assertThatThrownBy(() -> new Telemetry().slowThreshold(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be negative");
    }

    @Test
    void attachedListenersHearEventsInOrderAndAreToldTheStateFirst() {
        List<String> heard = new ArrayList<>();
        Telemetry hub = new Telemetry(l -> l.auditVerdict("switch_directory", "full"));
        for (String name : List.of("a", "b")) {
            hub.attach(new VikingFsListener() {
                @Override
                public void lockWait(String path, long nanos) {
                    heard.add(name + ":" + path);
                }

                @Override
                public void auditVerdict(String guarantee, String verdict) {
                    heard.add(name + ":" + guarantee + "=" + verdict);
                }
            });
        }
        hub.listener().lockWait("x", 1);
        assertThat(heard).containsExactly("a:switch_directory=full", "b:switch_directory=full", "a:x", "b:x");
    }

    @Test
    void anUncontendedLockIsNotReportedAContendedOneIs() throws Exception {
        List<Long> waits = new ArrayList<>();
        Telemetry hub = new Telemetry();
        hub.attach(new VikingFsListener() {
            @Override
            public void lockWait(String path, long nanos) {
                waits.add(nanos);
            }
        });
        ReentrantLock lock = new ReentrantLock();
        long free = hub.lock(lock);
        lock.unlock();
        hub.lockWaited("free", free);
        assertThat(waits).isEmpty();
        lock.lock();
        Thread waiter = new Thread(() -> {
            long waited = hub.lock(lock);
            lock.unlock();
            hub.lockWaited("held", waited);
        });
        waiter.start();
        while (!lock.hasQueuedThreads()) {
            Thread.onSpinWait();
        }
        Thread.sleep(20);
        lock.unlock();
        waiter.join();
        assertThat(waits).singleElement().satisfies(n -> assertThat(n).isGreaterThanOrEqualTo(15_000_000L));
    }

    /**
     * A backend may skip timing a flush only when nothing reads the duration: no listener attached, no JFR recording
     * of the flush event, slow flushes not logged (this module's tests have no SLF4J binding: warnings are off).
     */
    @Test
    void flushesAreTimedWhenAListenerOrARecordingUsesTheDuration() {
        Telemetry hub = new Telemetry();
        assertThat(hub.timesFlushes()).as("only the diagnostics, nothing recording or logging").isFalse();
        hub.attach(VikingFsListener.NONE);
        assertThat(hub.timesFlushes()).as("NONE hears nothing").isFalse();
        try (Recording recording = new Recording()) {
            recording.enable("io.vikingfs.Flush");
            recording.start();
            assertThat(hub.timesFlushes()).as("the flush event is recording").isTrue();
            recording.stop();
        }
        assertThat(hub.timesFlushes()).as("the recording stopped").isFalse();
        hub.attach(new VikingFsListener() {
        });
        assertThat(hub.timesFlushes()).as("a listener attached").isTrue();
    }
}
