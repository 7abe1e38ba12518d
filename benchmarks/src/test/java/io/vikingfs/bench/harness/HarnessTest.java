package io.vikingfs.bench.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The arithmetic the table rests on; the benchmarks themselves never run as tests. */
class HarnessTest {

    @Test
    void samples_median_isTheMiddleValueOrTheMeanOfTheTwoMiddleOnes() {
        assertThat(new Samples(List.of(5.0, 1.0, 100.0)).median()).isEqualTo(5.0);
        assertThat(new Samples(List.of(4.0, 1.0, 2.0, 100.0)).median()).isEqualTo(3.0);
    }

    @Test
    void samples_spread_isHalfTheRangeRelativeToTheMedian() {
        assertThat(new Samples(List.of(90.0, 100.0, 110.0)).spreadPercent()).isEqualTo(10.0);
    }

    @Test
    void samples_empty_isRefused() {
        assertThatThrownBy(() -> new Samples(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void latencies_percentile_isNearestRankOverTheRequestedRange() {
        Latencies lat = new Latencies(200);
        for (int i = 1; i <= 100; i++) {
            lat.add(i);
        }
        for (int i = 1; i <= 100; i++) {
            lat.add(1000L * i);
        }
        assertThat(lat.percentile(0, 100, 50)).isEqualTo(50);
        assertThat(lat.percentile(0, 100, 99)).isEqualTo(99);
        assertThat(lat.percentile(100, 200, 50)).isEqualTo(50_000);
        assertThat(lat.max()).isEqualTo(100_000);
    }

    @Test
    void result_higherIsBetter_metWhenRatioReachesTarget() {
        assertThat(Result.higher("x", 80, 10, "ops/s", 8.0, "").met()).isTrue();
        assertThat(Result.higher("x", 79, 10, "ops/s", 8.0, "").met()).isFalse();
    }

    @Test
    void result_lowerIsBetter_metWhenRatioStaysAtOrBelowTarget() {
        assertThat(Result.lower("x", 2, 1, "ms", 2.0, "").met()).isTrue();
        assertThat(Result.lower("x", 2.1, 1, "ms", 2.0, "").met()).isFalse();
    }

    @Test
    void result_withoutTarget_isInformationOnly() {
        assertThat(Result.higher("x", 1, 2, "ops/s", null, "").met()).isNull();
    }

    @Test
    void report_json_hasTheFieldsTheReadmeAndCiRead_andNullForUncomputableRatios(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("out/bench.json");
        Report.writeJson(List.of(Result.higher("a", 10, 5, "ops/s", 1.5, "n"),
                Result.lower("b", 1, 0, "ms", 2.0, "")), file);
        JsonNode array = new ObjectMapper().readTree(file.toFile());
        assertThat(array.isArray()).isTrue();
        JsonNode a = array.get(0);
        assertThat(a.get("name").asText()).isEqualTo("a");
        assertThat(a.get("ours").asDouble()).isEqualTo(10);
        assertThat(a.get("baseline").asDouble()).isEqualTo(5);
        assertThat(a.get("ratio").asDouble()).isEqualTo(2);
        assertThat(a.get("unit").asText()).isEqualTo("ops/s");
        assertThat(a.get("target").asDouble()).isEqualTo(1.5);
        assertThat(a.get("better").asText()).isEqualTo("higher");
        assertThat(array.get(1).get("ratio").isNull()).isTrue();
        assertThat(array.get(1).get("better").asText()).isEqualTo("lower");
    }

    @Test
    void warmup_runsTheMinimumRounds_thenStopsAtTheFirstQuietRound() {
        Warmup w = new Warmup(new Settings(2, 15, 9, 600, 1.0));
        assertThat(w.another(0)).as("round 1 of at least 2").isTrue();
        assertThat(w.another(Warmup.QUIET_MILLIS)).as("round 2: the JIT still compiled 25 ms").isTrue();
        assertThat(w.another(400)).isTrue();
        assertThat(w.another(Warmup.QUIET_MILLIS - 1)).as("round 4: quiet").isFalse();
        assertThat(w.rounds()).isEqualTo(4);
    }

    @Test
    void warmup_stopsAtTheMaximum_whileTheCompilerStaysBusy() {
        Warmup w = new Warmup(new Settings(2, 5, 9, 600, 1.0));
        int rounds = 1;
        while (w.another(1_000)) {
            rounds++;
        }
        assertThat(rounds).isEqualTo(5);
        assertThat(w.rounds()).isEqualTo(5);
    }

    @Test
    void settings_refuseFewerMaximumThanMinimumWarmupRounds() {
        assertThatThrownBy(() -> new Settings(3, 2, 9, 600, 1.0)).isInstanceOf(IllegalArgumentException.class);
    }
}
