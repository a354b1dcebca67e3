package uk.contactpoint.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on the project's own generator: write the four feeds and truth.csv, read them back through the feed
 * validator, train without labels, link in batch, and hold the linkage report to the targets of issue 4.
 */
class LinkageQualityIT {
    static final long SEED = Long.getLong("tests.seed", 20261125L);
    static final int CHILDREN = 8_000;

    @TempDir
    Path dir;

    @Test
    void generated_feeds_link_with_the_precision_recall_and_review_queue_the_issue_asks_for() {
        GeneratedData data = GeneratedData.generate(CHILDREN, SEED, dir);
        assertThat(data.records()).hasSizeGreaterThan(CHILDREN * 2);

        LinkageResult result =
                BatchLinker.trainAndLink(data.records(), List.of(), TrainingOptions.DEFAULT, Thresholds.DEFAULT);
        LinkageReport report =
                LinkageReport.of(result.clusterByRecord(), data.truth(), result.reviewQueue(), data.records());
        var out = new PrintWriter(System.out, true);
        out.printf("seed %d (replay with -Dtests.seed=%d)%n", SEED, SEED);
        report.print(out);
        result.blocking().print(out);

        assertThat(report.records()).isEqualTo(data.records().size());
        assertThat(report.precision()).as("pairwise precision").isGreaterThanOrEqualTo(0.999);
        assertThat(report.recall()).as("pairwise recall").isGreaterThanOrEqualTo(0.995);
        assertThat(report.mergedTwins()).as("merged twins").isZero();
        assertThat(report.reviewShare()).as("review queue share").isLessThanOrEqualTo(0.01);
        // The engine did real work: most children have records from several sources in one cluster.
        assertThat(result.clusterCount()).isLessThan(data.records().size() / 2);
    }
}
