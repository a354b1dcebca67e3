package uk.contactpoint.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LinkageReportTest {

    @Test
    void pairwise_precision_recall_and_f1_count_record_pairs() {
        // Truth: child X has a, b, c; child Y has d, e. Prediction: {a, b}, {c, d, e}.
        Map<String, String> truth = Map.of("s1/a", "X", "s2/b", "X", "s3/c", "X", "s1/d", "Y", "s2/e", "Y");
        Map<String, String> predicted = Map.of("s1/a", "1", "s2/b", "1", "s3/c", "2", "s1/d", "2", "s2/e", "2");
        LinkageReport report = LinkageReport.of(predicted, truth, List.of("s3/c"), List.of());
        // True pairs: ab ac bc de = 4. Predicted: ab cd ce de = 4, of which ab and de are right.
        assertThat(report.truePairs()).isEqualTo(4);
        assertThat(report.predictedPairs()).isEqualTo(4);
        assertThat(report.truePositivePairs()).isEqualTo(2);
        assertThat(report.precision()).isCloseTo(0.5, within(1e-12));
        assertThat(report.recall()).isCloseTo(0.5, within(1e-12));
        assertThat(report.f1()).isCloseTo(0.5, within(1e-12));
        assertThat(report.clustersMergingChildren()).isEqualTo(1);
        assertThat(report.childrenSplit()).isEqualTo(1);
        assertThat(report.reviewQueue()).isEqualTo(1);
        assertThat(report.reviewShare()).isCloseTo(0.2, within(1e-12));
    }

    @Test
    void a_cluster_holding_two_children_of_one_household_and_birthday_is_a_merged_twin() {
        var isabella = Records.child().from("nhs-pds", "1").given("Isabella").build();
        var ella = Records.child().from("dfe-school-census", "2").given("Ella").build();
        var cousin = Records.child()
                .from("hmrc-child-benefit", "3")
                .given("Ella")
                .postcode("M22 3UW")
                .build();
        Map<String, String> truth = Map.of(isabella.key(), "T1", ella.key(), "T2", cousin.key(), "C");
        var merged = LinkageReport.of(
                Map.of(isabella.key(), "k", ella.key(), "k", cousin.key(), "c"),
                truth,
                List.of(),
                List.of(isabella, ella, cousin));
        assertThat(merged.mergedTwins()).isEqualTo(1);
        // Same birthday and family name but another household: a wrong merge, not a twin.
        var notTwins = LinkageReport.of(
                Map.of(isabella.key(), "i", ella.key(), "e", cousin.key(), "e"),
                truth,
                List.of(),
                List.of(isabella, ella, cousin));
        assertThat(notTwins.clustersMergingChildren()).isEqualTo(1);
        assertThat(notTwins.mergedTwins()).isZero();
    }

    @Test
    void the_report_prints_every_figure() {
        LinkageResult result = SharedData.linked();
        LinkageReport report = LinkageReport.of(
                result.clusterByRecord(),
                SharedData.data().truth(),
                result.reviewQueue(),
                SharedData.data().records());
        StringWriter text = new StringWriter();
        report.print(new PrintWriter(text));
        assertThat(text.toString())
                .contains("pairwise precision")
                .contains("pairwise recall")
                .contains("pairwise F1")
                .contains("clusters merging real children")
                .contains("real children split")
                .contains("merged twins")
                .contains("review queue");
        assertThat(report.records()).isEqualTo(SharedData.data().records().size());
    }
}
