package uk.contactpoint.matching;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Links records one at a time against the clusters built so far, with the same model, thresholds and constraints as
 * the batch: the new record is scored against every candidate the {@link CandidateFinder} returns, and the pairs at
 * or above the MATCH threshold are merged strongest first, each merge checked against the constraints. Processing a
 * data set record by record gives the batch's clusters (ADR 0014 says when the two can differ). Not thread-safe:
 * the directory serialises linkage per child.
 */
public final class IncrementalLinker {
    private final MatchModel model;
    private final Thresholds thresholds;
    private final CandidateFinder finder;
    private final InMemoryCandidateFinder fast;
    private final Clusterer clusters = new Clusterer(1024);
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, List<ManualDecision>> waiting = new HashMap<>();

    public IncrementalLinker(MatchModel model, Thresholds thresholds, CandidateFinder finder) {
        this.model = model;
        this.thresholds = thresholds;
        this.finder = finder;
        this.fast = finder instanceof InMemoryCandidateFinder f ? f : null;
    }

    /**
     * Adds records already known to be one child (an existing cluster, for example from the directory or a batch
     * run) without scoring them.
     */
    public void addCluster(List<LinkageRecord> members) {
        int first = -1;
        for (LinkageRecord r : members) {
            int i = register(model.standardiser().prepare(r));
            if (first < 0) {
                first = i;
            } else {
                clusters.forceTogether(first, i);
            }
        }
    }

    /**
     * Applies a person's decision between two records; it is never overridden afterwards. A decision about a record
     * not linked yet waits for it, so that the record is held to it from its first comparison.
     */
    public void apply(ManualDecision decision) {
        Integer a = index.get(decision.leftKey());
        Integer b = index.get(decision.rightKey());
        if (a == null || b == null) {
            String missing = a == null ? decision.leftKey() : decision.rightKey();
            waiting.computeIfAbsent(missing, k -> new ArrayList<>()).add(decision);
            return;
        }
        if (decision.sameChild()) {
            clusters.forceTogether(a, b);
        } else {
            clusters.keepApart(a, b);
        }
    }

    /** Links one new record: scores it against the candidates, merges where allowed, and says what it decided. */
    public Decision link(LinkageRecord record) {
        if (index.containsKey(record.key())) {
            throw new IllegalArgumentException(record.key() + " is already linked");
        }
        Prepared p = model.standardiser().prepare(record);
        List<String> found = fast != null ? fast.candidates(p) : finder.candidates(record);
        int self = register(p);
        List<Scored> scored = new ArrayList<>(found.size());
        for (String key : found) {
            Integer other = index.get(key);
            if (other == null || other == self) {
                continue;
            }
            Prepared q = clusters.record(other);
            int packed = Comparisons.compare(q, p);
            // Scored in the order the batch scores the pair: the earlier record first.
            scored.add(new Scored(other, packed, (float) model.weight(packed, q, p)));
        }
        // Strongest first; equal weights in record order, as the batch orders them.
        scored.sort(
                (x, y) -> x.weight != y.weight ? Float.compare(y.weight, x.weight) : Integer.compare(x.other, y.other));

        Scored matched = null;
        Scored possible = null;
        Scored duplicate = null;
        boolean shielded = false;
        List<Scored> refused = new ArrayList<>();
        for (Scored s : scored) {
            if (s.weight < thresholds.match()) {
                break;
            }
            Clusterer.Union result = clusters.tryUnion(s.other, self);
            if (result == Clusterer.Union.TWINS) {
                refused.add(s);
            }
            if ((result == Clusterer.Union.MERGED || result == Clusterer.Union.ALREADY_TOGETHER) && matched == null) {
                matched = s;
            }
        }
        // As in the batch: a merge refused as twins is tried again once the new record has joined a cluster.
        for (int pass = 0; pass < 3 && !refused.isEmpty(); pass++) {
            List<Scored> still = new ArrayList<>();
            boolean merged = false;
            for (Scored s : refused) {
                Clusterer.Union result = clusters.tryUnion(s.other, self);
                merged |= result == Clusterer.Union.MERGED;
                if (result == Clusterer.Union.TWINS) {
                    still.add(s);
                }
                if (result == Clusterer.Union.MERGED && matched == null) {
                    matched = s;
                }
            }
            refused = still;
            if (!merged) {
                break;
            }
        }
        for (Scored s : scored) {
            if (s.weight < thresholds.possible()) {
                break;
            }
            Clusterer.Union why = clusters.whyNot(s.other, self);
            if (why == null || why == Clusterer.Union.SHIELDED) {
                if (possible == null) {
                    possible = s;
                    shielded = why == Clusterer.Union.SHIELDED;
                }
            } else if (why == Clusterer.Union.SAME_SOURCE && s.weight >= thresholds.match() && duplicate == null) {
                duplicate = s;
            }
        }
        String cluster = clusterKey(self);
        if (possible != null) {
            return decision(
                    p,
                    Outcome.POSSIBLE_MATCH,
                    cluster,
                    possible,
                    shielded
                            ? "a shielded child is never linked automatically: for review"
                            : "match weight between the review and match thresholds: for review");
        }
        if (duplicate != null) {
            return decision(
                    p,
                    Outcome.POSSIBLE_DUPLICATE,
                    cluster,
                    duplicate,
                    "strong match with another record of the same source: a possible duplicate");
        }
        if (matched != null) {
            return decision(
                    p,
                    Outcome.MATCH,
                    cluster,
                    matched,
                    "linked automatically: match weight at or above " + thresholds.match());
        }
        return decision(
                p,
                Outcome.NO_MATCH,
                cluster,
                scored.isEmpty() ? null : scored.getFirst(),
                scored.isEmpty()
                        ? "no candidate shares a blocking key: a new child"
                        : "no candidate reaches the review threshold: a new child");
    }

    private record Scored(int other, int packed, float weight) {}

    private Decision decision(Prepared p, Outcome outcome, String cluster, Scored evidence, String reason) {
        PairScore score = evidence == null ? null : model.explain(p, clusters.record(evidence.other), evidence.packed);
        return new Decision(p.key, outcome, cluster, score, reason);
    }

    private int register(Prepared p) {
        int i = clusters.add(p);
        index.put(p.key, i);
        if (fast != null) {
            fast.add(p);
        } else {
            finder.add(p.record);
        }
        List<ManualDecision> held = waiting.remove(p.key);
        if (held != null) {
            held.forEach(this::apply);
        }
        return i;
    }

    /** The cluster key of a linked record: the smallest record key among its cluster's members. */
    public String clusterOf(String recordKey) {
        Integer i = index.get(recordKey);
        return i == null ? null : clusterKey(i);
    }

    private String clusterKey(int i) {
        String smallest = null;
        for (int m : clusters.members(i)) {
            String k = clusters.record(m).key;
            if (smallest == null || k.compareTo(smallest) < 0) {
                smallest = k;
            }
        }
        return smallest;
    }

    /** Every linked record's cluster key. */
    public Map<String, String> clusterByRecord() {
        String[] keys = clusters.clusterKeys();
        Map<String, String> out = new HashMap<>(keys.length * 2);
        for (int i = 0; i < keys.length; i++) {
            out.put(clusters.record(i).key, keys[i]);
        }
        return out;
    }

    public int size() {
        return clusters.size();
    }
}
