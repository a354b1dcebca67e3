package uk.contactpoint.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The directory gives the incremental linker only the children of the shortlisted candidates; the linker must decide
 * exactly what it would have decided with every child that shares a key with the batch.
 */
class ShortlistTest {

    @Test
    void the_linker_decides_the_same_with_the_shortlisted_children_as_with_every_candidate_child() {
        GeneratedData data = SharedData.data();
        MatchModel model = SharedData.linked().model();
        Random random = new Random(SharedData.SEED);
        List<LinkageRecord> shuffled = new ArrayList<>(data.records());
        java.util.Collections.shuffle(shuffled, random);
        List<LinkageRecord> batch = shuffled.subList(0, 1_000);
        // The directory: every other record, in its true child; one in ten is not linked to a live child (waiting
        // for review, say): it still shares keys, but the linker is never given it.
        Map<String, List<LinkageRecord>> directory = new TreeMap<>();
        Set<String> usable = new HashSet<>();
        List<LinkageRecord> held = shuffled.subList(1_000, shuffled.size());
        for (LinkageRecord r : held) {
            if (random.nextInt(10) > 0) {
                usable.add(r.key());
                directory
                        .computeIfAbsent(data.truth().get(r.key()), c -> new ArrayList<>())
                        .add(r);
            }
        }

        var everyChild = new IncrementalLinker(model, Thresholds.DEFAULT, new InMemoryCandidateFinder());
        directory.values().forEach(everyChild::addCluster);
        List<Decision> expected = linkAll(everyChild, batch);

        var sharing = new InMemoryCandidateFinder(Integer.MAX_VALUE, held.size());
        held.forEach(sharing::add);
        Map<String, LinkageRecord> byKey = new LinkedHashMap<>();
        held.forEach(r -> byKey.put(r.key(), r));
        Set<String> shared = new LinkedHashSet<>();
        batch.forEach(p -> shared.addAll(sharing.candidates(p)));
        int[] asked = {0};
        Shortlist shortlist = new Shortlist(model, Thresholds.DEFAULT);
        List<LinkageRecord> candidates = shared.stream().map(byKey::get).toList();
        // In parts, as the directory reads them.
        for (int from = 0; from < candidates.size(); from += 500) {
            List<LinkageRecord> part = candidates.subList(from, Math.min(candidates.size(), from + 500));
            shortlist.consider(() -> part);
        }
        Set<String> shortlisted = shortlist.of(batch, ask -> {
            asked[0]++;
            Set<String> found = new HashSet<>(ask);
            found.retainAll(usable);
            return found;
        });
        Set<String> wanted = new HashSet<>();
        shortlisted.stream()
                .filter(usable::contains)
                .forEach(k -> wanted.add(data.truth().get(k)));
        var shortlistedChildren = new IncrementalLinker(model, Thresholds.DEFAULT, new InMemoryCandidateFinder());
        directory.forEach((child, members) -> {
            if (wanted.contains(child)) {
                shortlistedChildren.addCluster(members);
            }
        });
        List<Decision> actual = linkAll(shortlistedChildren, batch);

        assertThat(actual).isEqualTo(expected);
        // Not a trivial agreement: most of the batch was linked to a child, the shortlist left records out (at 5,000
        // children a record shares keys mostly with its own child's records; at 1,000,000 with about forty), and some
        // probes' best candidates were unusable, so the tiers below were asked for.
        assertThat(expected.stream().filter(d -> d.outcome() == Outcome.MATCH).count())
                .isGreaterThan(batch.size() / 2);
        assertThat(shortlisted.size()).isLessThan(shared.size());
        assertThat(asked[0]).isGreaterThan(1);
    }

    @Test
    void a_best_candidate_that_is_not_usable_gives_way_to_the_next_best() {
        MatchModel model = SharedData.linked().model();
        LinkageRecord probe = Records.child().build();
        // Each further from the probe than the one before, all below review: another year of birth, another address.
        LinkageRecord closest = Records.child()
                .from("dfe-school-census", "c")
                .born("2013-03-09")
                .postcode("M1 1AE")
                .address("3 Oak Road", null)
                .build();
        LinkageRecord next = Records.child()
                .from("hmrc-child-benefit", "n")
                .given("Amelia")
                .born("2013-03-09")
                .postcode("M1 1AE")
                .address("3 Oak Road", null)
                .build();
        LinkageRecord far = Records.child()
                .from("la-social-care", "f")
                .given("Amelia")
                .family("Brien")
                .born("2013-03-09")
                .postcode("M1 1AE")
                .address("3 Oak Road", null)
                .build();
        Thresholds thresholds = Thresholds.DEFAULT;
        double[] weights = {weight(model, closest, probe), weight(model, next, probe), weight(model, far, probe)};
        assertThat(weights[0]).isLessThan(thresholds.possible()).isGreaterThan(weights[1]);
        assertThat(weights[1]).isGreaterThan(weights[2]);
        Shortlist everyUsable = new Shortlist(model, thresholds);
        everyUsable.consider(() -> List.of(closest, next, far));
        assertThat(everyUsable.of(List.of(probe), ask -> ask)).containsExactly("dfe-school-census/c");
        Shortlist closestNotUsable = new Shortlist(model, thresholds);
        closestNotUsable.consider(() -> List.of(closest, next, far));
        assertThat(closestNotUsable.of(List.of(probe), ask -> {
                    Set<String> found = new HashSet<>(ask);
                    found.remove("dfe-school-census/c");
                    return found;
                }))
                .containsExactlyInAnyOrder("dfe-school-census/c", "hmrc-child-benefit/n");
    }

    private static double weight(MatchModel model, LinkageRecord candidate, LinkageRecord probe) {
        Prepared q = model.standardiser().prepare(candidate);
        Prepared p = model.standardiser().prepare(probe);
        return model.weight(Comparisons.compare(q, p), q, p);
    }

    private static List<Decision> linkAll(IncrementalLinker linker, List<LinkageRecord> batch) {
        List<Decision> decisions = new ArrayList<>();
        batch.forEach(r -> decisions.add(linker.link(r)));
        decisions.addAll(linker.takenBack());
        return decisions;
    }
}
