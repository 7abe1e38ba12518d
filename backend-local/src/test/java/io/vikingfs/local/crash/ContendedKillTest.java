package io.vikingfs.local.crash;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vikingfs.RecordLog;
import io.vikingfs.VPath;
import io.vikingfs.local.LocalVikingFs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two processes append durably to one log at once — so its lock is contended and each gives it up after a write
 * for the other, flushing without it — and one of them is SIGKILLed in the middle: the log keeps whole records
 * only, every record either process was told is durable, each thread's records in its order with no gap, and the
 * surviving process goes on appending after the other's death (the kernel drops a dead process's lock). The kill
 * falls at a seeded random moment once both have had appends acknowledged.
 */
class ContendedKillTest {
    private static final VPath LOG = VPath.of("shared/log.jsonl");
    private static final int THREADS = 2;
    private static final int RECORDS = 150;
    private static final int KILLS = Integer.getInteger("vikingfs.contendedKills", 4);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void aProcessKilledWhileSharingALog_leavesWholeRecords_everyAcknowledgedOne_andTheOtherGoesOn() throws Exception {
        long seed = Long.getLong("vikingfs.crash.seed", 20261205L);
        int interleaved = 0;
        for (int k = 0; k < KILLS; k++) {
            interleaved += killOnce(k, new Random(seed + k));
        }
        assertThat(interleaved).as("switches between the two processes' records in the logs: they appended at once")
                .isGreaterThanOrEqualTo(KILLS * 4);
    }

    private int killOnce(int k, Random random) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("run-" + k));
        Path reportA = tmp.resolve("a-" + k);
        Path reportB = tmp.resolve("b-" + k);
        Process a = start(root, "A", reportA);
        Process b = start(root, "B", reportB);
        try {
            awaitAcks(reportA, a, 10);
            awaitAcks(reportB, b, 10);
            Thread.sleep(random.nextInt(40));
            a.destroyForcibly();
            assertThat(a.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(b.waitFor(60, TimeUnit.SECONDS)).as("the surviving process finished").isTrue();
        } finally {
            a.destroyForcibly();
            b.destroyForcibly();
        }
        String survivor = Files.readString(reportB);
        assertThat(survivor).as("the surviving process's appends all returned").doesNotContain("FAILED").contains("DONE");
        Map<String, Integer> acked = acked(reportA);
        acked.putAll(acked(reportB));
        try (LocalVikingFs fs = LocalVikingFs.open(root)) {
            RecordLog log = fs.readRecords(LOG);
            assertThat(log.isClean()).as("run %d: %s", k, log.damage()).isTrue();
            Map<String, Integer> next = new HashMap<>();
            String last = null;
            int switches = 0;
            for (String record : log.records()) {
                JsonNode r = JSON.readTree(record); // a torn or merged record would not parse
                String writer = r.get("w").asText();
                String key = writer + " " + r.get("t").asInt();
                int n = r.get("n").asInt();
                assertThat(n).as("run %d: %s's records in order, none missing in between", k, key)
                        .isEqualTo(next.getOrDefault(key, 0));
                next.put(key, n + 1);
                switches += last != null && !last.equals(writer) ? 1 : 0;
                last = writer;
            }
            for (Map.Entry<String, Integer> e : acked.entrySet()) {
                assertThat(next.getOrDefault(e.getKey(), 0)).as("run %d: %s's acknowledged records kept", k, e.getKey())
                        .isGreaterThan(e.getValue());
            }
            for (int t = 0; t < THREADS; t++) {
                assertThat(next.get("B " + t)).as("run %d: every record of the survivor", k).isEqualTo(RECORDS);
            }
            System.out.printf("run %d: %d records, %d switches between the processes, A killed after %d acks%n", k,
                    log.records().size(), switches, acked.entrySet().stream().filter(e -> e.getKey().startsWith("A"))
                            .mapToInt(e -> e.getValue() + 1).sum());
            return switches;
        }
    }

    private static Process start(Path root, String writer, Path report) throws IOException {
        Files.writeString(report, "");
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                SharedLogAppender.class.getName(), root.toString(), LOG.toString(), writer,
                Integer.toString(THREADS), Integer.toString(RECORDS), report.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static void awaitAcks(Path report, Process p, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (Files.readAllLines(report).stream().filter(l -> l.startsWith("ACK")).count() < count) {
            assertThat(p.isAlive()).as("the appender is running: %s", Files.readString(report)).isTrue();
            assertThat(System.nanoTime()).as("acknowledgements within 60 s").isLessThan(deadline);
            Thread.sleep(2);
        }
    }

    /** The highest acknowledged record number of each writer's thread. */
    private static Map<String, Integer> acked(Path report) throws IOException {
        Map<String, Integer> out = new HashMap<>();
        for (String line : Files.readAllLines(report)) {
            String[] f = line.split(" ");
            if (f.length == 4 && f[0].equals("ACK")) {
                out.merge(f[1] + " " + f[2], Integer.parseInt(f[3]), Math::max);
            }
        }
        return out;
    }
}
