package uk.contactpoint.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PlannerStatisticsTest {

    @Test
    void anAnalysisIsDueEachTimeTheTablesHaveDoubled() {
        PlannerStatistics statistics = new PlannerStatistics(0, 500);

        long[] due = LongStream.rangeClosed(1, 64)
                .map(batch -> batch * 1_000)
                .filter(statistics::due)
                .toArray();

        assertThat(due).containsExactly(1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000);
    }

    @Test
    void aSmallFileBesideALargeDirectoryIsNeverDue() {
        PlannerStatistics statistics = new PlannerStatistics(1_000_000, 500);

        assertThat(statistics.due(1_050_000)).isFalse();
        assertThat(statistics.due(2_000_000)).isTrue();
    }

    @Test
    void nothingIsDueBelowTheFloor() {
        assertThat(new PlannerStatistics(0, 50_000).due(60_000)).isFalse();
        assertThatThrownBy(() -> new PlannerStatistics(-1, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
