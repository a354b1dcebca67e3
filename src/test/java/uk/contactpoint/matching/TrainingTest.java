package uk.contactpoint.matching;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Training on generated data, without labels, learns what the generator's noise rates imply. */
class TrainingTest {

    private final MatchModel model = SharedData.linked().model();

    @Test
    void matches_agree_on_date_of_birth_and_names_far_more_often_than_random_pairs() {
        assertThat(model.m("DATE_OF_BIRTH", Field.DOB_EXACT)).isGreaterThan(0.95);
        assertThat(model.u("DATE_OF_BIRTH", Field.DOB_EXACT)).isLessThan(0.001);
        assertThat(model.m("FAMILY_NAME", Field.FAMILY_EXACT)).isGreaterThan(0.9);
        assertThat(model.m("GIVEN_NAME", Field.GIVEN_ALL_EXACT) + model.m("GIVEN_NAME", Field.GIVEN_EXACT))
                .isGreaterThan(0.85);
        assertThat(model.m("GIVEN_NAME", Field.GIVEN_DIFFERENT)).isLessThan(0.01);
        assertThat(model.m("NHS_NUMBER", Field.DISAGREE)).isLessThan(0.001);
    }

    @Test
    void nicknames_are_learnt_as_evidence_for_a_match_and_a_different_name_as_evidence_against() {
        double variant = model.m("GIVEN_NAME", Field.GIVEN_VARIANT) / model.u("GIVEN_NAME", Field.GIVEN_VARIANT);
        double different = model.m("GIVEN_NAME", Field.GIVEN_DIFFERENT) / model.u("GIVEN_NAME", Field.GIVEN_DIFFERENT);
        assertThat(variant).isGreaterThan(2);
        assertThat(different).isLessThan(0.05);
    }

    @Test
    void the_prior_reflects_about_two_and_a_half_matching_pairs_per_child() {
        int n = SharedData.data().records().size();
        double expectedMatches = SharedData.CHILDREN * 2.45;
        double expectedPrior = MatchModel.log2(expectedMatches / ((double) n * (n - 1) / 2));
        assertThat(model.prior()).isBetween(expectedPrior - 1, expectedPrior + 1);
    }

    @Test
    void the_same_seed_trains_the_same_model() {
        MatchModel again =
                MatchModel.train(SharedData.data().records(), TrainingOptions.DEFAULT.withSeed(SharedData.SEED));
        assertThat(again.version()).isEqualTo(model.version());
    }
}
