package uk.contactpoint.matching;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
    private final Map<Integer, List<Strong>> strong = new HashMap<>();
    private final List<Integer> takenBack = new ArrayList<>();

    public IncrementalLinker(MatchModel model, Thresholds thresholds, CandidateFinder finder) {
        this.model = model;
        this.thresholds = thresholds;
        this.finder = finder;
        this.fast = finder instanceof InMemoryCandidateFinder f ? f : null;
    }

    /**
     * Adds records already known to be one child (an existing cluster, for example from the directory or a batch
     * run) without scoring them. They stay together: a later record never takes one of them back out.
     */
    public void addCluster(List<LinkageRecord> members) {
        int first = -1;
        for (LinkageRecord r : members) {
            int i = register(model.standardiser().prepare(r));
            clusters.fix(i);
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

        int strongPairs = strongCount(scored);
        holdAmbiguous(self, scored.subList(0, strongPairs));
        Scored possible = null;
        Scored duplicate = null;
        Clusterer.Union heldBy = null;
        Scored[] matched = new Scored[1];
        clusters.mergeAll(strongPairs, k -> scored.get(k).other, k -> self, (k, result) -> {
            if ((result == Clusterer.Union.MERGED || result == Clusterer.Union.ALREADY_TOGETHER)
                    && matched[0] == null) {
                matched[0] = scored.get(k);
            }
        });
        for (Scored s : scored) {
            if (s.weight < thresholds.possible()) {
                break;
            }
            Clusterer.Union why = clusters.whyNot(s.other, self);
            if (why == null || why == Clusterer.Union.SHIELDED || why == Clusterer.Union.AMBIGUOUS) {
                if (possible == null) {
                    possible = s;
                    heldBy = why;
                }
            } else if (why == Clusterer.Union.SAME_SOURCE && s.weight >= thresholds.match() && duplicate == null) {
                duplicate = s;
            }
        }
        String cluster = clusterKey(self);
        if (possible != null) {
            return decision(p, Outcome.POSSIBLE_MATCH, cluster, possible, BatchLinker.reviewReason(heldBy));
        }
        if (duplicate != null) {
            return decision(
                    p,
                    Outcome.POSSIBLE_DUPLICATE,
                    cluster,
                    duplicate,
                    "strong match with another record of the same source: a possible duplicate");
        }
        if (matched[0] != null) {
            return decision(
                    p,
                    Outcome.MATCH,
                    cluster,
                    matched[0],
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

    /** How many of the scored pairs, strongest first, reach the match threshold. */
    private int strongCount(List<Scored> scored) {
        int strong = 0;
        while (strong < scored.size() && scored.get(strong).weight >= thresholds.match()) {
            strong++;
        }
        return strong;
    }

    /** A pair at or above the match threshold, seen from one of its records. */
    private record Strong(int other, int packed, float weight) {}

    /**
     * As the batch does: a record that matches two records of one other source about equally waits for review. The new
     * record's strong pairs are remembered on both sides; the new record, and each earlier record the new one makes
     * ambiguous, is held. An earlier record already in a cluster is taken back out of it (the cluster is merged anew
     * from its other records' strong pairs), which is what the batch, seeing every record at once, would have done.
     */
    private void holdAmbiguous(int self, List<Scored> strongPairs) {
        List<Strong> mine = strong.computeIfAbsent(self, k -> new ArrayList<>());
        for (Scored s : strongPairs) {
            mine.add(new Strong(s.other, s.packed, s.weight));
            strong.computeIfAbsent(s.other, k -> new ArrayList<>()).add(new Strong(self, s.packed, s.weight));
        }
        if (ambiguous(self)) {
            clusters.holdAmbiguous(self);
        }
        for (Strong s : mine) {
            int q = s.other;
            if (!clusters.heldAmbiguous(q) && ambiguous(q)) {
                if (clusters.clusterSize(q) > 1) {
                    takeOut(q);
                }
                clusters.holdAmbiguous(q);
                takenBack.add(q);
            }
        }
    }

    private boolean ambiguous(int i) {
        List<Strong> pairs = strong.get(i);
        if (pairs == null || pairs.size() < 2 || clusters.forced(i)) {
            return false;
        }
        Prepared[] partners = new Prepared[pairs.size()];
        int[] levels = new int[pairs.size()];
        for (int m = 0; m < pairs.size(); m++) {
            partners[m] = clusters.record(pairs.get(m).other);
            levels[m] = pairs.get(m).packed;
        }
        return Ambiguity.of(clusters.record(i), partners, levels, pairs.size());
    }

    /** Takes q out of its cluster: the others merge again from their own strong pairs, strongest first. */
    private void takeOut(int q) {
        int[] members = clusters.members(q);
        clusters.separate(members);
        Set<Integer> in = new HashSet<>();
        for (int m : members) {
            in.add(m);
        }
        // Every strong pair of the freed records, to anyone: without q, a record may belong elsewhere, as the batch,
        // which never let q bridge, would have found.
        List<long[]> pairs = new ArrayList<>();
        for (int m : members) {
            for (Strong s : strong.getOrDefault(m, List.of())) {
                if (m != q && s.other != q && (m < s.other || !in.contains(s.other))) {
                    pairs.add(new long[] {Math.min(m, s.other), Math.max(m, s.other), Float.floatToIntBits(s.weight)});
                }
            }
        }
        pairs.sort((x, y) -> {
            float wx = Float.intBitsToFloat((int) x[2]);
            float wy = Float.intBitsToFloat((int) y[2]);
            return wx != wy
                    ? Float.compare(wy, wx)
                    : Long.compare(Blocker.pair((int) x[0], (int) x[1]), Blocker.pair((int) y[0], (int) y[1]));
        });
        clusters.mergeAll(pairs.size(), k -> (int) pairs.get(k)[0], k -> (int) pairs.get(k)[1], (k, result) -> {});
    }

    /**
     * The earlier records that later records made ambiguous since the last call, each with its new decision: taken out
     * of its cluster, it waits for review against its strongest pair. The directory writes these instead of the
     * decisions it was given when the records arrived.
     */
    public List<Decision> takenBack() {
        List<Decision> out = new ArrayList<>(takenBack.size());
        for (int q : takenBack) {
            Strong best = null;
            for (Strong s : strong.get(q)) {
                if (best == null || s.weight > best.weight) {
                    best = s;
                }
            }
            out.add(decision(
                    clusters.record(q),
                    Outcome.POSSIBLE_MATCH,
                    clusterKey(q),
                    new Scored(best.other, best.packed, best.weight),
                    BatchLinker.reviewReason(Clusterer.Union.AMBIGUOUS)));
        }
        takenBack.clear();
        return out;
    }

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
