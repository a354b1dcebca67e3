package uk.contactpoint.matching;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Links a whole set of records at once: standardise, block, score every candidate pair (in parallel), then accept
 * pairs at or above the MATCH threshold in descending weight order, merging clusters only where no constraint
 * forbids it, so that the strongest evidence wins. Manual decisions are applied first and never overridden.
 */
public final class BatchLinker {
    /** Blocks larger than this are skipped (and reported): their records still meet through the other rules. */
    public static final int DEFAULT_MAX_BLOCK = 300;

    private final MatchModel model;
    private final Thresholds thresholds;
    private final int maxBlockSize;

    public BatchLinker(MatchModel model, Thresholds thresholds, int maxBlockSize) {
        this.model = model;
        this.thresholds = thresholds;
        this.maxBlockSize = maxBlockSize;
    }

    public BatchLinker(MatchModel model) {
        this(model, Thresholds.DEFAULT, DEFAULT_MAX_BLOCK);
    }

    /** Trains a model on the records (no labels) and links them with it, sharing the standardisation and blocking. */
    public static LinkageResult trainAndLink(
            List<LinkageRecord> records, List<ManualDecision> manual, TrainingOptions options, Thresholds thresholds) {
        Map<String, Long> timings = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        Standardiser standardiser = new Standardiser(NameVariants.standard());
        Prepared[] prepared = prepare(records, standardiser);
        long t1 = System.nanoTime();
        Blocker.Result blocked = Blocker.pairs(prepared, BlockingRule.ALL, options.maxBlockSize());
        long t2 = System.nanoTime();
        MatchModel model = Training.train(prepared, blocked.pairs(), options, NameVariants.standard());
        long t3 = System.nanoTime();
        timings.put("standardise", ms(t0, t1));
        timings.put("block", ms(t1, t2));
        timings.put("train", ms(t2, t3));
        return new BatchLinker(model, thresholds, options.maxBlockSize()).link(prepared, blocked, manual, timings);
    }

    public LinkageResult link(List<LinkageRecord> records, List<ManualDecision> manual) {
        Map<String, Long> timings = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        Prepared[] prepared = prepare(records, model.standardiser());
        long t1 = System.nanoTime();
        Blocker.Result blocked = Blocker.pairs(prepared, BlockingRule.ALL, maxBlockSize);
        long t2 = System.nanoTime();
        timings.put("standardise", ms(t0, t1));
        timings.put("block", ms(t1, t2));
        return link(prepared, blocked, manual, timings);
    }

    static Prepared[] prepare(List<LinkageRecord> records, Standardiser standardiser) {
        Prepared[] prepared = new Prepared[records.size()];
        IntStream.range(0, prepared.length).parallel().forEach(i -> prepared[i] = standardiser.prepare(records.get(i)));
        return prepared;
    }

    private LinkageResult link(
            Prepared[] records, Blocker.Result blocked, List<ManualDecision> manual, Map<String, Long> timings) {
        long t0 = System.nanoTime();
        long[] pairs = blocked.pairs();
        float[] weights = score(records, pairs);
        long t1 = System.nanoTime();

        // Each record's strongest candidate, shown as the evidence of a NO_MATCH.
        int n = records.length;
        int[] best = new int[n];
        float[] bestWeight = new float[n];
        Arrays.fill(best, -1);
        Arrays.fill(bestWeight, Float.NEGATIVE_INFINITY);
        int kept = 0;
        for (int k = 0; k < pairs.length; k++) {
            int a = Blocker.left(pairs[k]);
            int b = Blocker.right(pairs[k]);
            float w = weights[k];
            if (w > bestWeight[a]) {
                bestWeight[a] = w;
                best[a] = b;
            }
            if (w > bestWeight[b]) {
                bestWeight[b] = w;
                best[b] = a;
            }
            if (w >= thresholds.possible()) {
                kept++;
            }
        }
        long[] candidates = new long[kept];
        int at = 0;
        for (int k = 0; k < pairs.length; k++) {
            if (weights[k] >= thresholds.possible()) {
                candidates[at++] = pairs[k];
            }
        }
        // Strongest first; equal weights in pair order, which is what the incremental linker sees too.
        Arrays.parallelSort(candidates);
        float[] candidateWeights = score(records, candidates);
        long[] order = new long[kept];
        for (int k = 0; k < kept; k++) {
            order[k] = ((long) descending(candidateWeights[k]) << 32) | k;
        }
        Arrays.parallelSort(order);
        long t2 = System.nanoTime();

        Clusterer clusters = new Clusterer(n);
        for (Prepared p : records) {
            clusters.add(p);
        }
        applyManual(records, manual, clusters);
        int strongPairs = strongCount(candidateWeights, order);
        holdAmbiguous(records, candidates, strongPairs, order, clusters);
        Outcome[] outcomes = new Outcome[n];
        int[] evidence = new int[n];
        String[] reasons = new String[n];
        Arrays.fill(evidence, -1);
        clusters.mergeAll(
                strongPairs,
                k -> Blocker.left(candidates[(int) order[k]]),
                k -> Blocker.right(candidates[(int) order[k]]),
                (k, result) -> noteMatch(result, candidates[(int) order[k]], outcomes, evidence, reasons));
        long t3 = System.nanoTime();

        // What the merges left undecided: uncertain pairs, shielded children, and duplicates a source holds.
        LongList review = new LongList(1024);
        for (long o : order) {
            int k = (int) o;
            int a = Blocker.left(candidates[k]);
            int b = Blocker.right(candidates[k]);
            Clusterer.Union why = clusters.whyNot(a, b);
            boolean strong = candidateWeights[k] >= thresholds.match();
            if (why == null || why == Clusterer.Union.SHIELDED || why == Clusterer.Union.AMBIGUOUS) {
                review.add(candidates[k]);
                for (int x : new int[] {a, b}) {
                    if (outcomes[x] != Outcome.POSSIBLE_MATCH) {
                        outcomes[x] = Outcome.POSSIBLE_MATCH;
                        evidence[x] = x == a ? b : a;
                        reasons[x] = reviewReason(why);
                    }
                }
            } else if (why == Clusterer.Union.SAME_SOURCE && strong) {
                for (int x : new int[] {a, b}) {
                    if (outcomes[x] == null || outcomes[x] == Outcome.MATCH) {
                        outcomes[x] = Outcome.POSSIBLE_DUPLICATE;
                        evidence[x] = x == a ? b : a;
                        reasons[x] = "strong match with another record of the same source: a possible duplicate";
                    }
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (outcomes[i] == null) {
                if (clusters.clusterSize(i) > 1) {
                    outcomes[i] = Outcome.MATCH;
                    reasons[i] = "linked by a decision of the ContactPoint team";
                } else {
                    outcomes[i] = Outcome.NO_MATCH;
                    evidence[i] = best[i];
                    reasons[i] = best[i] < 0
                            ? "no candidate shares a blocking key: a new child"
                            : "no candidate reaches the review threshold: a new child";
                }
            }
        }
        String[] clusterKeys = clusters.clusterKeys();
        long t4 = System.nanoTime();
        timings.put("score", ms(t0, t1));
        timings.put("sort", ms(t1, t2));
        timings.put("cluster", ms(t2, t3));
        timings.put("decide", ms(t3, t4));
        return new LinkageResult(
                model,
                thresholds,
                records,
                clusterKeys,
                outcomes,
                evidence,
                reasons,
                review.toArray(),
                blocked.report(),
                timings);
    }

    /** How many pairs, strongest first, reach the match threshold. */
    private int strongCount(float[] weights, long[] order) {
        int strong = 0;
        while (strong < order.length && weights[(int) order[strong]] >= thresholds.match()) {
            strong++;
        }
        return strong;
    }

    /** Why a pair the merges left undecided goes to the team; shared with the incremental linker. */
    static String reviewReason(Clusterer.Union why) {
        if (why == Clusterer.Union.SHIELDED) {
            return "a shielded child is never linked automatically: for review";
        }
        if (why == Clusterer.Union.AMBIGUOUS) {
            return "cannot tell apart two children one source holds (twins?): for review";
        }
        return "match weight between the review and match thresholds: for review";
    }

    /**
     * Marks the records that cannot tell two records of one other source apart ({@link Ambiguity}), from
     * the pairs at or above the match threshold, unless a person has already linked them. The incremental linker holds
     * the same records, taking one back out of its cluster when a later record makes it ambiguous.
     */
    private static void holdAmbiguous(
            Prepared[] records, long[] candidates, int strong, long[] order, Clusterer clusters) {
        int n = records.length;
        // Each record's strong partners, gathered by counting (a record has a handful at most).
        int[] start = new int[n + 1];
        for (int s = 0; s < strong; s++) {
            long pair = candidates[(int) order[s]];
            start[Blocker.left(pair) + 1]++;
            start[Blocker.right(pair) + 1]++;
        }
        for (int i = 0; i < n; i++) {
            start[i + 1] += start[i];
        }
        int[] partner = new int[start[n]];
        int[] levels = new int[start[n]];
        int[] fill = Arrays.copyOf(start, n);
        for (int s = 0; s < strong; s++) {
            long pair = candidates[(int) order[s]];
            int a = Blocker.left(pair);
            int b = Blocker.right(pair);
            // The earlier record first, as the incremental linker compares them.
            int packed = Comparisons.compare(records[Math.min(a, b)], records[Math.max(a, b)]);
            partner[fill[a]] = b;
            levels[fill[a]++] = packed;
            partner[fill[b]] = a;
            levels[fill[b]++] = packed;
        }
        Prepared[] partners = new Prepared[16];
        int[] l = new int[16];
        for (int i = 0; i < n; i++) {
            int count = start[i + 1] - start[i];
            if (count < 2 || clusters.forced(i)) {
                continue;
            }
            if (count > partners.length) {
                partners = new Prepared[count];
                l = new int[count];
            }
            for (int m = 0; m < count; m++) {
                partners[m] = records[partner[start[i] + m]];
                l[m] = levels[start[i] + m];
            }
            if (Ambiguity.of(records[i], partners, l, count)) {
                clusters.holdAmbiguous(i);
            }
        }
    }

    private void noteMatch(Clusterer.Union result, long pair, Outcome[] outcomes, int[] evidence, String[] reasons) {
        if (result != Clusterer.Union.MERGED && result != Clusterer.Union.ALREADY_TOGETHER) {
            return;
        }
        int a = Blocker.left(pair);
        int b = Blocker.right(pair);
        for (int x : new int[] {a, b}) {
            if (outcomes[x] == null) {
                outcomes[x] = Outcome.MATCH;
                evidence[x] = x == a ? b : a;
                reasons[x] = "linked automatically: match weight at or above " + thresholds.match();
            }
        }
    }

    private float[] score(Prepared[] records, long[] pairs) {
        float[] weights = new float[pairs.length];
        int chunks = Math.max(1, Math.min(256, pairs.length / 20_000));
        IntStream.range(0, chunks).parallel().forEach(c -> {
            int from = (int) ((long) pairs.length * c / chunks);
            int to = (int) ((long) pairs.length * (c + 1) / chunks);
            for (int k = from; k < to; k++) {
                weights[k] = (float) model.weight(records[Blocker.left(pairs[k])], records[Blocker.right(pairs[k])]);
            }
        });
        return weights;
    }

    static void applyManual(Prepared[] records, List<ManualDecision> manual, Clusterer clusters) {
        if (manual == null || manual.isEmpty()) {
            return;
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < records.length; i++) {
            index.put(records[i].key, i);
        }
        for (ManualDecision d : manual) {
            Integer a = index.get(d.leftKey());
            Integer b = index.get(d.rightKey());
            if (a == null || b == null) {
                continue; // a decision about a record not in this batch
            }
            if (d.sameChild()) {
                clusters.forceTogether(a, b);
            } else {
                clusters.keepApart(a, b);
            }
        }
    }

    /** An int that sorts ascending as the weight sorts descending. */
    static int descending(float weight) {
        int bits = Float.floatToIntBits(-weight);
        return bits ^ ((bits >> 31) & 0x7fffffff);
    }

    private static long ms(long from, long to) {
        return (to - from) / 1_000_000;
    }
}
