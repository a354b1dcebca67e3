package uk.contactpoint.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Each clustering constraint, in batch and incremental mode alike. */
class ConstraintsTest {

    private final MatchModel model = TestModels.plausible();

    private LinkageResult batch(List<ManualDecision> manual, LinkageRecord... records) {
        return new BatchLinker(model).link(List.of(records), manual);
    }

    private IncrementalLinker incremental() {
        return new IncrementalLinker(model, Thresholds.DEFAULT, new InMemoryCandidateFinder());
    }

    private static Records.Builder amelia(String source, String id) {
        return Records.child().from(source, id);
    }

    @Test
    void strong_evidence_links_records_of_one_child_from_different_sources() {
        var health = amelia("nhs-pds", "1").build();
        var benefit = amelia("hmrc-child-benefit", "1")
                .given("AMELIA")
                .family("OBRIEN")
                .build();
        var result = batch(List.of(), health, benefit);
        assertThat(result.clusterByRecord().get(health.key()))
                .isEqualTo(result.clusterByRecord().get(benefit.key()));
        assertThat(result.decision(benefit.key()).outcome()).isEqualTo(Outcome.MATCH);
        assertThat(incremental().link(health).outcome()).isEqualTo(Outcome.NO_MATCH);
    }

    @Test
    void a_shielded_record_is_never_linked_automatically() {
        var health = amelia("nhs-pds", "1").build();
        var shielded = amelia("hmrc-child-benefit", "1").shielded().build();
        var result = batch(List.of(), health, shielded);
        assertThat(result.clusterByRecord().get(health.key()))
                .isNotEqualTo(result.clusterByRecord().get(shielded.key()));
        Decision decision = result.decision(shielded.key());
        assertThat(decision.outcome()).isEqualTo(Outcome.POSSIBLE_MATCH);
        assertThat(decision.reason()).contains("shielded");
        assertThat(decision.weight()).isGreaterThan(Thresholds.DEFAULT.match());

        var linker = incremental();
        linker.link(health);
        Decision later = linker.link(shielded);
        assertThat(later.outcome()).isEqualTo(Outcome.POSSIBLE_MATCH);
        assertThat(linker.clusterOf(shielded.key())).isNotEqualTo(linker.clusterOf(health.key()));
    }

    @Test
    void a_new_record_is_never_linked_automatically_to_a_shielded_child() {
        var shielded = amelia("nhs-pds", "1").shielded().build();
        var school = amelia("dfe-school-census", "1").build();
        var linker = incremental();
        linker.link(shielded);
        Decision decision = linker.link(school);
        assertThat(decision.outcome()).isEqualTo(Outcome.POSSIBLE_MATCH);
        assertThat(linker.clusterOf(school.key())).isNotEqualTo(linker.clusterOf(shielded.key()));
    }

    @Test
    void one_source_never_holds_two_records_of_one_child() {
        var first = amelia("nhs-pds", "1").build();
        var second = amelia("nhs-pds", "2").build();
        var result = batch(List.of(), first, second);
        assertThat(result.clusterByRecord().get(first.key()))
                .isNotEqualTo(result.clusterByRecord().get(second.key()));
        assertThat(result.decision(second.key()).outcome()).isEqualTo(Outcome.POSSIBLE_DUPLICATE);

        var linker = incremental();
        linker.link(first);
        assertThat(linker.link(second).outcome()).isEqualTo(Outcome.POSSIBLE_DUPLICATE);
        assertThat(linker.clusterOf(second.key())).isNotEqualTo(linker.clusterOf(first.key()));
    }

    @Test
    void a_third_record_cannot_bridge_two_records_of_one_source() {
        // One child twice in one source: the third record joins either, the other is a possible duplicate.
        var first = amelia("nhs-pds", "1").build();
        var second = amelia("nhs-pds", "2").build();
        var bridge = amelia("dfe-school-census", "1").build();
        var clusters = batch(List.of(), first, second, bridge).clusterByRecord();
        assertThat(clusters.get(first.key())).isNotEqualTo(clusters.get(second.key()));
        assertThat(clusters.get(bridge.key())).isIn(clusters.get(first.key()), clusters.get(second.key()));
    }

    @Test
    void a_record_that_compares_the_same_with_two_twins_of_one_source_goes_to_review_in_either_order() {
        // The Chowdhury twins of the generator's 100,000 children: the census holds Muhammad and Muhammed, the health
        // record says Mohammed, a variant of both, with the same date of birth and home: it cannot tell them apart.
        var benefitA = twin("hmrc-child-benefit", "1", "MUHAMMAD").build();
        var censusA =
                twin("dfe-school-census", "1", "Muhammad").upn(Records.upn()).build();
        var censusB =
                twin("dfe-school-census", "2", "Muhammed").upn(Records.upn()).build();
        var healthB = twin("nhs-pds", "1", "Mohammed").nhs(Records.nhs()).build();
        assertThat(model.score(healthB, censusA).weight()).isGreaterThan(Thresholds.DEFAULT.match());
        assertThat(model.score(healthB, censusB).weight()).isGreaterThan(Thresholds.DEFAULT.match());

        var result = batch(List.of(), healthB, benefitA, censusA, censusB);
        var clusters = result.clusterByRecord();
        assertThat(clusters.get(benefitA.key())).isEqualTo(clusters.get(censusA.key()));
        assertThat(clusters.get(healthB.key())).isNotIn(clusters.get(censusA.key()), clusters.get(censusB.key()));
        assertThat(result.decision(healthB.key()).outcome()).isEqualTo(Outcome.POSSIBLE_MATCH);
        assertThat(result.decision(healthB.key()).reason()).contains("cannot tell apart");

        for (var order :
                List.of(List.of(healthB, benefitA, censusA, censusB), List.of(benefitA, censusA, censusB, healthB))) {
            var linker = incremental();
            Decision last = null;
            java.util.List<String> takenBack = new java.util.ArrayList<>();
            for (var r : order) {
                last = linker.link(r);
                linker.takenBack().forEach(d -> {
                    assertThat(d.outcome()).isEqualTo(Outcome.POSSIBLE_MATCH);
                    takenBack.add(d.recordKey());
                });
            }
            assertThat(linker.clusterByRecord()).as("order %s", order).isEqualTo(clusters);
            if (order.getFirst() == healthB) {
                // Linked to the first Muhammad it met, then taken back out once the second one arrived.
                assertThat(takenBack).contains(healthB.key());
            } else {
                assertThat(last.outcome()).isEqualTo(Outcome.POSSIBLE_MATCH);
                assertThat(takenBack).isEmpty();
            }
        }
    }

    private static Records.Builder twin(String source, String id, String given) {
        return Records.child()
                .from(source, id)
                .given(given)
                .family("Chowdhury")
                .born("2009-06-13")
                .gender("male")
                .postcode("M22 3UW")
                .address("118 Stanley Lane", null);
    }

    @Test
    void conflicting_nhs_numbers_are_never_merged() {
        var a = amelia("nhs-pds", "1").nhs(Records.nhs()).build();
        var b = amelia("la-social-care", "1").nhs(Records.nhs()).build();
        var result = batch(List.of(), a, b);
        assertThat(result.clusterByRecord().get(a.key()))
                .isNotEqualTo(result.clusterByRecord().get(b.key()));
        assertThat(model.score(a, b).contributions()).anySatisfy(c -> {
            assertThat(c.field()).isEqualTo("NHS number");
            assertThat(c.level()).isEqualTo("disagree");
            assertThat(c.weight()).isLessThan(-10);
        });

        var linker = incremental();
        linker.link(a);
        assertThat(linker.link(b).outcome()).isEqualTo(Outcome.NO_MATCH);
    }

    @Test
    void records_without_nhs_numbers_cannot_join_two_children_whose_numbers_conflict() {
        var a = amelia("nhs-pds", "1").nhs(Records.nhs()).build();
        var b = amelia("la-social-care", "1").nhs(Records.nhs()).build();
        var c = amelia("dfe-school-census", "1").build();
        var clusters = batch(List.of(), a, b, c).clusterByRecord();
        assertThat(clusters.get(a.key())).isNotEqualTo(clusters.get(b.key()));
    }

    @Test
    void twins_are_never_merged() {
        // Same birth date, family name and home; names that are not variants, not one slip apart.
        var isabella = Records.child().from("nhs-pds", "1").given("Isabella").family("Smith");
        var ella = Records.child().from("dfe-school-census", "1").given("Ella").family("Smith");
        var result = batch(List.of(), isabella.build(), ella.build());
        assertThat(model.score(isabella.build(), ella.build()).weight()).isGreaterThan(Thresholds.DEFAULT.match());
        assertThat(result.clusterByRecord().get(isabella.build().key()))
                .isNotEqualTo(result.clusterByRecord().get(ella.build().key()));
        var linker = incremental();
        linker.link(isabella.build());
        assertThat(linker.link(ella.build()).outcome()).isNotEqualTo(Outcome.MATCH);
    }

    @Test
    void twins_whose_names_sound_alike_or_share_a_middle_name_are_still_twins() {
        var alfred = Records.child()
                .from("nhs-pds", "1")
                .given("Alfred")
                .family("Robinson")
                .gender("male");
        var oliver = Records.child()
                .from("dfe-school-census", "1")
                .given("Oliver")
                .family("Robinson")
                .gender("male");
        assertThat(batch(List.of(), alfred.build(), oliver.build()).clusterCount())
                .isEqualTo(2);
        var vihaan = Records.child().from("nhs-pds", "2").given("Vihaan Arjun").family("Patel");
        var arjun = Records.child()
                .from("dfe-school-census", "2")
                .given("Arjun Jasraj")
                .family("Patel");
        assertThat(batch(List.of(), vihaan.build(), arjun.build()).clusterCount())
                .isEqualTo(2);
    }

    @Test
    void the_same_child_known_by_a_nickname_at_the_same_address_is_not_taken_for_a_twin() {
        var alfred = Records.child().from("nhs-pds", "1").given("Alfred James").family("Robinson");
        var alfie =
                Records.child().from("dfe-school-census", "1").given("Alfie").family("Robinson");
        assertThat(batch(List.of(), alfred.build(), alfie.build()).clusterCount())
                .isEqualTo(1);
    }

    @Test
    void manual_decisions_are_never_overridden() {
        var a = amelia("nhs-pds", "1").build();
        var b = amelia("hmrc-child-benefit", "1").build();
        var apart = batch(List.of(ManualDecision.apart(a.key(), b.key())), a, b);
        assertThat(apart.clusterCount()).isEqualTo(2);

        // Different children by every measure, but a person decided they are one.
        var c = Records.child()
                .from("nhs-pds", "2")
                .given("Zephyrine")
                .family("Vanterpool")
                .born("2010-01-01");
        var d = Records.child()
                .from("la-social-care", "2")
                .given("Olivia")
                .family("Smith")
                .born("2012-05-05");
        var together =
                batch(List.of(ManualDecision.together(c.build().key(), d.build().key())), c.build(), d.build());
        assertThat(together.clusterCount()).isEqualTo(1);
        assertThat(together.decision(d.build().key()).outcome()).isEqualTo(Outcome.MATCH);

        // Incrementally: a person keeps two records apart; a later record that matches both joins only one.
        var linker = incremental();
        var health = amelia("nhs-pds", "3").build();
        var school = amelia("dfe-school-census", "3")
                .given("Amelia")
                .born("2016-03-10")
                .gender("unknown")
                .postcode("M22 3UW")
                .address("3 Oak Road", null)
                .build();
        linker.link(health);
        assertThat(linker.link(school).outcome()).isNotEqualTo(Outcome.MATCH);
        linker.apply(ManualDecision.apart(health.key(), school.key()));
        var benefit = amelia("hmrc-child-benefit", "3")
                .born("2016-03-10")
                .postcode(null)
                .address(null, null)
                .build();
        assertThat(model.score(benefit, health).weight()).isGreaterThan(Thresholds.DEFAULT.match());
        assertThat(model.score(benefit, school).weight()).isGreaterThan(Thresholds.DEFAULT.match());
        assertThat(linker.link(benefit).outcome()).isIn(Outcome.MATCH, Outcome.POSSIBLE_MATCH);
        assertThat(linker.clusterOf(health.key())).isNotEqualTo(linker.clusterOf(school.key()));

        linker.apply(ManualDecision.together(health.key(), school.key()));
        assertThat(linker.clusterOf(health.key())).isEqualTo(linker.clusterOf(school.key()));
    }

    @Test
    void a_decision_about_a_record_not_yet_linked_holds_from_its_first_comparison() {
        var linker = incremental();
        var health = amelia("nhs-pds", "4").build();
        var school = amelia("dfe-school-census", "4").build();
        linker.link(health);
        // The team decided apart before the changed school record is linked again: the decision waits for it.
        linker.apply(ManualDecision.apart(school.key(), health.key()));
        assertThat(model.score(school, health).weight()).isGreaterThan(Thresholds.DEFAULT.match());
        var decision = linker.link(school);
        assertThat(decision.outcome()).isEqualTo(Outcome.NO_MATCH);
        assertThat(linker.clusterOf(school.key())).isNotEqualTo(linker.clusterOf(health.key()));

        var other = incremental();
        var c = Records.child().from("nhs-pds", "5").given("Zephyrine").family("Vanterpool");
        var d = Records.child().from("la-social-care", "5").given("Olivia").family("Smith");
        other.link(c.build());
        other.apply(ManualDecision.together(d.build().key(), c.build().key()));
        other.link(d.build());
        assertThat(other.clusterOf(d.build().key()))
                .isEqualTo(other.clusterOf(c.build().key()));
    }

    @Test
    void the_strongest_evidence_wins_when_a_record_matches_two_records_of_one_source() {
        var exact = amelia("nhs-pds", "1").nhs(Records.nhs());
        var weaker = amelia("nhs-pds", "2").given("Amelie").postcode("LS6 4XY").address("3 Oak Road", null);
        var school = amelia("dfe-school-census", "1");
        var clusters =
                batch(List.of(), weaker.build(), exact.build(), school.build()).clusterByRecord();
        assertThat(clusters.get(school.build().key()))
                .isEqualTo(clusters.get(exact.build().key()));
        assertThat(clusters.get(school.build().key()))
                .isNotEqualTo(clusters.get(weaker.build().key()));
    }

    @Test
    void every_decision_carries_its_weight_and_a_waterfall_that_adds_up() {
        var a = amelia("nhs-pds", "1").build();
        var b = amelia("hmrc-child-benefit", "1")
                .given("Amelia")
                .postcode("LS6 2XY")
                .build();
        Decision d = batch(List.of(), a, b).decision(b.key());
        assertThat(d.evidence()).isNotNull();
        assertThat(d.evidence().contributions())
                .extracting(Contribution::field)
                .contains(
                        "prior",
                        "given name",
                        "family name",
                        "date of birth",
                        "address",
                        "gender",
                        "NHS number",
                        "UPN");
        assertThat(d.evidence().contributions().stream()
                        .mapToDouble(Contribution::weight)
                        .sum())
                .isCloseTo(d.weight(), org.assertj.core.api.Assertions.within(1e-9));
        assertThat(d.evidence().explain()).contains("date of birth").contains("exact");
    }
}
