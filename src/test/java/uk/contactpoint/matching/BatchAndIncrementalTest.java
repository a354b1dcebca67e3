package uk.contactpoint.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The two modes share the model, the thresholds and the constraints, and so reach the same clusters. */
class BatchAndIncrementalTest {

    @Test
    void linking_records_one_at_a_time_gives_the_clusters_of_the_batch() {
        List<LinkageRecord> records = SharedData.data().records();
        LinkageResult batch = SharedData.linked();
        var finder = new InMemoryCandidateFinder(BatchLinker.DEFAULT_MAX_BLOCK, records.size());
        var incremental = new IncrementalLinker(batch.model(), Thresholds.DEFAULT, finder);
        long matched = 0;
        for (LinkageRecord r : records) {
            Decision d = incremental.link(r);
            if (d.outcome() == Outcome.MATCH) {
                matched++;
            }
        }
        Map<String, String> expected = batch.clusterByRecord();
        Map<String, String> actual = incremental.clusterByRecord();
        assertThat(actual).hasSameSizeAs(expected);
        assertThat(batch.blocking().rules())
                .allSatisfy(r -> assertThat(r.cappedBlocks()).isZero());
        List<String> differing = expected.keySet().stream()
                .filter(k -> !expected.get(k).equals(actual.get(k)))
                .sorted()
                .toList();
        assertThat(differing)
                .as(
                        "records whose cluster differs: batch %s, incremental %s",
                        differing.stream().limit(6).map(expected::get).toList(),
                        differing.stream().limit(6).map(actual::get).toList())
                .isEmpty();
        // Not a trivial agreement: most records were linked to a cluster.
        assertThat(matched).isGreaterThan(records.size() / 2);
        assertThat(batch.clusterCount())
                .isBetween((long) SharedData.CHILDREN * 95 / 100, (long) SharedData.CHILDREN * 110 / 100);
    }

    @Test
    void the_candidate_finder_returns_what_the_blocking_rules_pair() {
        List<LinkageRecord> records = SharedData.data().records().subList(0, 4_000);
        Standardiser standardiser = new Standardiser(NameVariants.standard());
        Prepared[] prepared = BatchLinker.prepare(records, standardiser);
        long[] pairs = Blocker.pairs(prepared, BlockingRule.ALL, BatchLinker.DEFAULT_MAX_BLOCK)
                .pairs();
        var finder = new InMemoryCandidateFinder(BatchLinker.DEFAULT_MAX_BLOCK, records.size());
        java.util.Set<Long> found = new java.util.HashSet<>();
        Map<String, Integer> index = new java.util.HashMap<>();
        for (int i = 0; i < prepared.length; i++) {
            for (String key : finder.candidates(records.get(i))) {
                found.add(Blocker.pair(index.get(key), i));
            }
            finder.add(records.get(i));
            index.put(records.get(i).key(), i);
        }
        java.util.Set<Long> blocked = new java.util.HashSet<>();
        for (long p : pairs) {
            blocked.add(p);
        }
        assertThat(blocked).hasSize(pairs.length);
        assertThat(found).isEqualTo(blocked);
    }
}
