package uk.contactpoint.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BlockingTest {

    private static Prepared[] prepare(LinkageRecord... records) {
        return BatchLinker.prepare(List.of(records), Records.STANDARDISER);
    }

    private static Set<Long> pairs(Prepared[] records, int cap) {
        Set<Long> out = new HashSet<>();
        for (long p : Blocker.pairs(records, BlockingRule.ALL, cap).pairs()) {
            assertThat(out.add(p)).as("each pair once").isTrue();
        }
        return out;
    }

    @Test
    void a_day_and_month_transposition_with_a_changed_family_name_still_meets() {
        var records = prepare(
                Records.child()
                        .from("nhs-pds", "1")
                        .family("Smith")
                        .born("2016-03-09")
                        .postcode(null)
                        .build(),
                Records.child()
                        .from("hmrc-child-benefit", "1")
                        .family("Jones")
                        .born("2016-09-03")
                        .postcode(null)
                        .build());
        assertThat(pairs(records, 300)).containsExactly(Blocker.pair(0, 1));
    }

    @Test
    void a_wrong_year_of_birth_still_meets_through_the_names_and_the_day() {
        var records = prepare(
                Records.child()
                        .from("nhs-pds", "1")
                        .born("2016-03-09")
                        .postcode(null)
                        .build(),
                Records.child()
                        .from("dfe-school-census", "1")
                        .born("2015-03-09")
                        .postcode("M22 3UW")
                        .build());
        assertThat(pairs(records, 300)).containsExactly(Blocker.pair(0, 1));
    }

    @Test
    void unrelated_records_do_not_meet() {
        var records = prepare(
                Records.child().from("nhs-pds", "1").build(),
                Records.child()
                        .from("dfe-school-census", "1")
                        .given("Oliver")
                        .family("Khan")
                        .born("2012-05-05")
                        .postcode("M22 3UW")
                        .build());
        assertThat(pairs(records, 300)).isEmpty();
    }

    @Test
    void each_rule_counts_only_the_pairs_it_adds_and_the_counts_add_up() {
        Prepared[] records = BatchLinker.prepare(SharedData.data().records(), Records.STANDARDISER);
        Blocker.Result result = Blocker.pairs(records, BlockingRule.ALL, 300);
        BlockingReport report = result.report();
        assertThat(report.rules()).hasSize(BlockingRule.ALL.size());
        assertThat(report.rules().stream()
                        .mapToLong(BlockingReport.RuleCount::newPairs)
                        .sum())
                .isEqualTo(report.totalPairs())
                .isEqualTo(result.pairs().length);
        assertThat(new HashSet<>(java.util.Arrays.stream(result.pairs()).boxed().toList()))
                .hasSize(result.pairs().length);
        // Every later rule still adds something: none is redundant on this data.
        assertThat(report.rules()).allSatisfy(r -> assertThat(r.newPairs()).isPositive());
        StringWriter text = new StringWriter();
        report.print(new PrintWriter(text));
        assertThat(text.toString())
                .contains("date of birth + family name initial")
                .contains("new pairs");
    }

    @Test
    void blocks_larger_than_the_cap_are_skipped_and_reported() {
        LinkageRecord[] many = new LinkageRecord[12];
        for (int i = 0; i < many.length; i++) {
            // Same birth date and family name, different given names, postcodes and sources: one big block.
            many[i] = Records.child()
                    .from("source-" + i, "1")
                    .given("Name" + (char) ('A' + i) + "x")
                    .postcode(null)
                    .build();
        }
        Blocker.Result capped = Blocker.pairs(prepare(many), BlockingRule.ALL, 5);
        var rule = capped.report().rules().get(BlockingRule.DOB_FAMILY_INITIAL.ordinal());
        assertThat(rule.cappedBlocks()).isEqualTo(1);
        assertThat(rule.cappedRecords()).isEqualTo(12);
        assertThat(rule.newPairs()).isZero();
        Blocker.Result uncapped = Blocker.pairs(prepare(many), BlockingRule.ALL, 300);
        assertThat(uncapped.report()
                        .rules()
                        .get(BlockingRule.DOB_FAMILY_INITIAL.ordinal())
                        .newPairs())
                .isEqualTo(66);
    }
}
