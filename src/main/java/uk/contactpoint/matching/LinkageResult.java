package uk.contactpoint.matching;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a batch linkage produced: the clusters (one per child), a decision for every record, the pairs sent to
 * review, the blocking report and the time each stage took. Decisions and their waterfalls are built on demand from
 * compact arrays, so that a result for millions of records stays small.
 */
public final class LinkageResult {
    private final MatchModel model;
    private final Thresholds thresholds;
    private final Prepared[] records;
    private final String[] clusterKeys;
    private final Outcome[] outcomes;
    private final int[] evidence;
    private final String[] reasons;
    private final long[] reviewPairs;
    private final BlockingReport blocking;
    private final Map<String, Long> timings;
    private Map<String, Integer> index;

    LinkageResult(
            MatchModel model,
            Thresholds thresholds,
            Prepared[] records,
            String[] clusterKeys,
            Outcome[] outcomes,
            int[] evidence,
            String[] reasons,
            long[] reviewPairs,
            BlockingReport blocking,
            Map<String, Long> timings) {
        this.model = model;
        this.thresholds = thresholds;
        this.records = records;
        this.clusterKeys = clusterKeys;
        this.outcomes = outcomes;
        this.evidence = evidence;
        this.reasons = reasons;
        this.reviewPairs = reviewPairs;
        this.blocking = blocking;
        this.timings = Collections.unmodifiableMap(new LinkedHashMap<>(timings));
    }

    public MatchModel model() {
        return model;
    }

    public Thresholds thresholds() {
        return thresholds;
    }

    public int recordCount() {
        return records.length;
    }

    /** Record key to cluster key (the smallest record key of the cluster). */
    public Map<String, String> clusterByRecord() {
        Map<String, String> out = new HashMap<>(records.length * 2);
        for (int i = 0; i < records.length; i++) {
            out.put(records[i].key, clusterKeys[i]);
        }
        return out;
    }

    public long clusterCount() {
        return java.util.Arrays.stream(clusterKeys).distinct().count();
    }

    /** The decision for one record, with its evidence and waterfall. */
    public Decision decision(String recordKey) {
        return decision(indexOf(recordKey));
    }

    /** The cluster of one record: the smallest record key among its members. */
    public String clusterOf(String recordKey) {
        return clusterKeys[indexOf(recordKey)];
    }

    private int indexOf(String recordKey) {
        if (index == null) {
            Map<String, Integer> built = new HashMap<>(records.length * 2);
            for (int i = 0; i < records.length; i++) {
                built.put(records[i].key, i);
            }
            index = built;
        }
        Integer i = index.get(recordKey);
        if (i == null) {
            throw new IllegalArgumentException("no record " + recordKey + " in this linkage");
        }
        return i;
    }

    /** Every record's decision, in input order. */
    public List<Decision> decisions() {
        List<Decision> out = new ArrayList<>(records.length);
        for (int i = 0; i < records.length; i++) {
            out.add(decision(i));
        }
        return out;
    }

    private Decision decision(int i) {
        PairScore score = evidence[i] < 0 ? null : model.explain(records[i], records[evidence[i]]);
        return new Decision(records[i].key, outcomes[i], clusterKeys[i], score, reasons[i]);
    }

    /** How many records have this outcome. */
    public long count(Outcome outcome) {
        long n = 0;
        for (Outcome o : outcomes) {
            if (o == outcome) {
                n++;
            }
        }
        return n;
    }

    /** Keys of the records waiting for review (POSSIBLE_MATCH). */
    public List<String> reviewQueue() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < records.length; i++) {
            if (outcomes[i] == Outcome.POSSIBLE_MATCH) {
                out.add(records[i].key);
            }
        }
        return out;
    }

    /** The pairs sent to review, each scored with its waterfall. */
    public List<PairScore> reviewPairs() {
        List<PairScore> out = new ArrayList<>(reviewPairs.length);
        for (long p : reviewPairs) {
            out.add(model.explain(records[Blocker.left(p)], records[Blocker.right(p)]));
        }
        return out;
    }

    public long reviewPairCount() {
        return reviewPairs.length;
    }

    public BlockingReport blocking() {
        return blocking;
    }

    /** Milliseconds per stage, in the order the stages ran. */
    public Map<String, Long> timings() {
        return timings;
    }
}
