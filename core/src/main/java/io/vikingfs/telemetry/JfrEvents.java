package io.vikingfs.telemetry;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * The JDK Flight Recorder events of VikingFS (category "VikingFS"). They cost nothing while no recording is
 * running (JFR instruments the classes only when one starts). Each carries the path and the measured time in
 * {@code elapsed}; the event's own timestamp is the moment the work ended.
 */
final class JfrEvents {
    private JfrEvents() {
    }

    @Name("io.vikingfs.Flush")
    @Label("VikingFS Flush")
    @Category("VikingFS")
    @Description("An fsync of a file or a directory; 'changes' is how many appends or entry changes it covered")
    @StackTrace(false)
    static final class Flush extends Event {
        @Label("Path")
        String path;
        @Label("Kind")
        String kind;
        @Label("Changes")
        long changes;
        @Label("Failed")
        boolean failed;
        @Label("Elapsed")
        @Timespan(Timespan.NANOSECONDS)
        long elapsed;
    }

    @Name("io.vikingfs.LockWait")
    @Label("VikingFS Lock Wait")
    @Category("VikingFS")
    @Description("A thread waited for a VikingFS lock (a log's append lock, a directory's .vfs-lock) held by another")
    static final class LockWait extends Event {
        @Label("Path")
        String path;
        @Label("Elapsed")
        @Timespan(Timespan.NANOSECONDS)
        long elapsed;
    }

    @Name("io.vikingfs.SlowOperation")
    @Label("VikingFS Slow Operation")
    @Category("VikingFS")
    @Description("A store operation that took at least the slow-operation threshold")
    static final class SlowOperation extends Event {
        @Label("Operation")
        String operation;
        @Label("Path")
        String path;
        @Label("Failed")
        boolean failed;
        @Label("Elapsed")
        @Timespan(Timespan.NANOSECONDS)
        long elapsed;
    }
}
