package uk.contactpoint.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class MatchModelTest {

    @Test
    void a_saved_model_loads_back_with_the_same_version_and_the_same_scores() throws IOException {
        MatchModel trained = SharedData.linked().model();
        StringWriter text = new StringWriter();
        trained.save(text);
        MatchModel loaded = MatchModel.load(new StringReader(text.toString()));

        assertThat(loaded.version()).isEqualTo(trained.version()).startsWith("fs1-");
        assertThat(text.toString())
                .contains("format=" + MatchModel.FORMAT_VERSION)
                .contains("model.version=");
        List<LinkageRecord> records = SharedData.data().records();
        for (int i = 0; i + 7 < records.size(); i += 97) {
            LinkageRecord a = records.get(i);
            LinkageRecord b = records.get(i + 7);
            assertThat(loaded.score(a, b)).isEqualTo(trained.score(a, b));
        }
        // And the same clusters.
        var again = new BatchLinker(loaded).link(records, List.of());
        assertThat(again.clusterByRecord()).isEqualTo(SharedData.linked().clusterByRecord());
    }

    @Test
    void a_probe_scores_each_candidate_as_a_pair_would_and_its_best_is_a_full_agreement() {
        MatchModel model = MatchModel.reference();
        var probe = Records.child().from("search", "probe").given("Millie").family("O'Brien");
        var exact = Records.child().from("nhs-pds", "1").given("Millie").family("OBRIEN");
        var nickname = Records.child().from("nhs-pds", "2").given("Amelia");
        var stranger = Records.child().from("nhs-pds", "3").given("Oscar").family("Quinn");
        MatchModel.Probe prepared = model.probe(probe.build());
        for (var candidate : List.of(exact, nickname, stranger)) {
            assertThat(prepared.weight(candidate.build()))
                    .isEqualTo(model.score(probe.build(), candidate.build()).weight());
        }
        assertThat(prepared.best()).isEqualTo(prepared.weight(exact.build()));
        assertThat(prepared.weight(nickname.build())).isLessThan(prepared.best());
        assertThat(prepared.weight(stranger.build())).isLessThan(prepared.weight(nickname.build()) - 10);
    }

    @Test
    void the_reference_model_has_no_name_frequencies_so_every_exact_name_counts_the_same() {
        MatchModel model = MatchModel.reference();
        var common = Records.child().given("Muhammad").family("Khan");
        var rare = Records.child().given("Zephyrine").family("Vanterpool");
        assertThat(model.score(
                                common.build(),
                                common.from("la-social-care", "1").build())
                        .weight())
                .isEqualTo(model.score(
                                rare.build(), rare.from("la-social-care", "1").build())
                        .weight());
    }

    @Test
    void a_model_of_another_format_is_refused() {
        assertThatThrownBy(() -> MatchModel.load(new StringReader("format=99\n")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("format 99");
    }

    @Test
    void a_model_missing_a_parameter_is_refused() {
        assertThatThrownBy(() -> MatchModel.load(new StringReader("format=1\nmodel.version=x\ntf.floor=1e-6\n")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("prior");
    }

    @Test
    void the_version_changes_when_the_parameters_change() {
        MatchModel a = TestModels.plausible();
        assertThat(a.version()).isEqualTo(TestModels.plausible().version());
        assertThat(SharedData.linked().model().version()).isNotEqualTo(a.version());
    }

    @Test
    void a_common_name_counts_for_less_than_a_rare_one() {
        MatchModel model = TestModels.plausible();
        var common = Records.child().given("Muhammad").family("Khan").gender("male");
        var rare = Records.child().given("Zephyrine").family("Vanterpool");
        double commonWeight = model.score(
                        common.from("nhs-pds", "1").build(),
                        common.from("la-social-care", "1").build())
                .weight();
        double rareWeight = model.score(
                        rare.from("nhs-pds", "2").build(),
                        rare.from("la-social-care", "2").build())
                .weight();
        assertThat(rareWeight).isGreaterThan(commonWeight + 10);
        assertThat(model.score(common.build(), common.build()).contributions())
                .anySatisfy(c -> assertThat(c.field()).isEqualTo("family name frequency"));
    }

    @Test
    void two_different_nhs_numbers_are_strong_evidence_against_and_the_same_number_strong_evidence_for() {
        MatchModel model = SharedData.linked().model();
        var a = Records.child().from("nhs-pds", "1").nhs(Records.nhs());
        double same =
                model.score(a.build(), a.from("la-social-care", "1").build()).weight();
        double none = model.score(a.nhs(null).build(), a.build()).weight();
        double conflict = model.score(
                        a.nhs(Records.nhs()).build(),
                        a.from("la-social-care", "2").nhs(Records.nhs()).build())
                .weight();
        assertThat(same).isGreaterThan(none + 10);
        assertThat(conflict).isLessThan(none - 10);
    }
}
