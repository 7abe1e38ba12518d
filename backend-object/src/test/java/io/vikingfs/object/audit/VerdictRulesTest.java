package io.vikingfs.object.audit;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The rules from measurements to verdicts, on hand-made measurements of stores we cannot run here. */
class VerdictRulesTest {

    private static List<Measurement> allOk() {
        List<Measurement> ms = new ArrayList<>();
        for (Primitive p : Primitive.values()) {
            ms.add(new Measurement(p, Outcome.OK, "ok", Map.of()));
        }
        return ms;
    }

    private static List<Measurement> with(Primitive p, Outcome o, String detail, Map<String, Long> counts) {
        List<Measurement> ms = allOk();
        ms.replaceAll(m -> m.primitive() == p ? new Measurement(p, o, detail, counts) : m);
        return ms;
    }

    private static GuaranteeVerdict judge(List<Measurement> ms, Guarantee g) {
        return VerdictRules.judge(ms).stream().filter(v -> v.guarantee() == g).findFirst().orElseThrow();
    }

    @Test
    void everyPrimitiveOk_everyGuaranteeFull() {
        assertThat(VerdictRules.judge(allOk())).allSatisfy(v -> assertThat(v.level()).isEqualTo(Level.FULL));
    }

    @Test
    void copyAndDeletePreconditions_areMeasuredButNoGuaranteeRestsOnThem() {
        List<Measurement> ms = with(Primitive.COPY_IF_ABSENT, Outcome.IGNORED, "overwrote", Map.of());
        ms.replaceAll(m -> m.primitive() == Primitive.CONDITIONAL_DELETE
                ? new Measurement(m.primitive(), Outcome.REFUSED, "501", Map.of()) : m);
        assertThat(VerdictRules.judge(ms)).allSatisfy(v -> assertThat(v.level()).isEqualTo(Level.FULL));
    }

    @Test
    void checkThenActCreateOnly_makesNoClobberRenameWeaker() {
        GuaranteeVerdict v = judge(with(Primitive.CREATE_ONLY_RACE, Outcome.NOT_ATOMIC, "3 keys with several winners",
                Map.of()), Guarantee.RENAME_NO_REPLACE);
        assertThat(v.level()).isEqualTo(Level.WEAKER);
        assertThat(v.mode()).contains("one client renames onto a destination at a time");
        assertThat(v.defect()).contains("3 keys with several winners");
    }

    @Test
    void multipartIgnoringCreateOnly_limitsIfAbsentToSinglePartWrites() {
        GuaranteeVerdict v = judge(with(Primitive.MULTIPART_CREATE_ONLY, Outcome.IGNORED, "replaced", Map.of()),
                Guarantee.ATOMIC_WRITE_IF_ABSENT);
        assertThat(v.level()).isEqualTo(Level.WEAKER);
        assertThat(v.mode()).contains("single PUT");
    }

    @Test
    void createOnlyRefusedAsUnsupported_isUnsupported_notWeaker() {
        GuaranteeVerdict v = judge(with(Primitive.CREATE_ONLY_PUT, Outcome.REFUSED, "501", Map.of()),
                Guarantee.ATOMIC_WRITE_IF_ABSENT);
        assertThat(v.level()).isEqualTo(Level.UNSUPPORTED);
    }

    @Test
    void utf16Order_makesListWeaker_butOtherDisorderUnsupported() {
        assertThat(judge(with(Primitive.LIST_ORDER, Outcome.WRONG, "utf16", Map.of("onlyOutsideBmp", 1L)),
                Guarantee.LIST).level()).isEqualTo(Level.WEAKER);
        assertThat(judge(with(Primitive.LIST_ORDER, Outcome.WRONG, "random", Map.of("onlyOutsideBmp", 0L)),
                Guarantee.LIST).level()).isEqualTo(Level.UNSUPPORTED);
    }

    @Test
    void paginationLosingKeys_breaksListAndSwitch() {
        List<Measurement> ms = with(Primitive.LIST_PAGINATION, Outcome.WRONG, "lost 2", Map.of());
        assertThat(judge(ms, Guarantee.LIST).level()).isEqualTo(Level.UNSUPPORTED);
        assertThat(judge(ms, Guarantee.SWITCH_DIRECTORY).level()).isEqualTo(Level.UNSUPPORTED);
    }

    @Test
    void brokenDelimitedPagesOnly_costRequestsNotEntries_soListAndSwitchStayFull() {
        List<Measurement> ms = with(Primitive.LIST_PAGINATION, Outcome.WRONG, "delimited pages repeat prefixes",
                Map.of("flatPagesOk", 1L));
        ms.replaceAll(m -> m.primitive() == Primitive.LIST_DELIMITED_PAGES
                ? new Measurement(m.primitive(), Outcome.WRONG, "every prefix on every page", Map.of()) : m);
        assertThat(judge(ms, Guarantee.LIST).level()).isEqualTo(Level.FULL);
        assertThat(judge(ms, Guarantee.LIST).evidence()).contains(Primitive.LIST_DELIMITED_PAGES);
        assertThat(judge(ms, Guarantee.SWITCH_DIRECTORY).level()).isEqualTo(Level.FULL);
    }

    @Test
    void listingPutsInProgress_makesListWeaker_namingTheTempObjects() {
        GuaranteeVerdict v = judge(with(Primitive.LIST_IN_FLIGHT, Outcome.WRONG, "showed [object-1234]", Map.of()),
                Guarantee.LIST);
        assertThat(v.level()).isEqualTo(Level.WEAKER);
        assertThat(v.defect()).contains("showed [object-1234]");
        assertThat(v.mode()).contains("<name>-<uuid>");
    }

    @Test
    void tornReads_areRecorded_butLowerNoGuarantee_becauseEveryReadIsVerified() {
        List<GuaranteeVerdict> vs = VerdictRules.judge(with(Primitive.READ_DURING_OVERWRITE, Outcome.WRONG, "4 torn",
                Map.of("torn", 4L)));
        assertThat(vs).allSatisfy(v -> assertThat(v.level()).isEqualTo(Level.FULL));
    }

    @Test
    void staleReads_capEveryGuarantee() {
        List<GuaranteeVerdict> vs = VerdictRules.judge(with(Primitive.READ_AFTER_WRITE, Outcome.LAGGING, "stale", Map.of()));
        assertThat(vs).allSatisfy(v -> {
            assertThat(v.level()).isEqualTo(Level.WEAKER);
            assertThat(v.defect()).contains("read-after-write lags");
        });
    }

    @Test
    void failedMeasurement_isNeverJudgedFull() {
        List<Measurement> ms = allOk();
        ms.replaceAll(m -> m.primitive() == Primitive.IF_MATCH_RACE
                ? Measurement.failed(Primitive.IF_MATCH_RACE, new java.io.IOException("connection reset")) : m);
        GuaranteeVerdict v = judge(ms, Guarantee.ATOMIC_WRITE_IF_MATCH);
        assertThat(v.level()).isNotEqualTo(Level.FULL);
        assertThat(v.defect()).contains("connection reset");
    }
}
