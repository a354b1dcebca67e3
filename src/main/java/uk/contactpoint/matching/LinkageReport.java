package uk.contactpoint.matching;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How good a linkage is against the truth the generator writes: pairwise precision, recall and F1 over record pairs,
 * predicted clusters that merge two real children, real children split across clusters, the review queue, and merged
 * twins. Only records present in both the prediction and the truth count.
 */
public final class LinkageReport {
    private final long records;
    private final long children;
    private final long clusters;
    private final long truePositivePairs;
    private final long predictedPairs;
    private final long truePairs;
    private final long clustersMergingChildren;
    private final long childrenSplit;
    private final long reviewQueue;
    private final long mergedTwins;

    private LinkageReport(
            long records,
            long children,
            long clusters,
            long truePositivePairs,
            long predictedPairs,
            long truePairs,
            long clustersMergingChildren,
            long childrenSplit,
            long reviewQueue,
            long mergedTwins) {
        this.records = records;
        this.children = children;
        this.clusters = clusters;
        this.truePositivePairs = truePositivePairs;
        this.predictedPairs = predictedPairs;
        this.truePairs = truePairs;
        this.clustersMergingChildren = clustersMergingChildren;
        this.childrenSplit = childrenSplit;
        this.reviewQueue = reviewQueue;
        this.mergedTwins = mergedTwins;
    }

    /**
     * @param predicted record key to predicted cluster
     * @param truth record key to true child
     * @param reviewQueue keys of records waiting for review (POSSIBLE_MATCH)
     * @param records the records, to recognise twins (children whose records share a date of birth, family name and
     *     postcode)
     */
    public static LinkageReport of(
            Map<String, String> predicted,
            Map<String, String> truth,
            Collection<String> reviewQueue,
            Collection<LinkageRecord> records) {
        Map<String, Map<String, Integer>> childrenByCluster = new HashMap<>();
        Map<String, Set<String>> clustersByChild = new HashMap<>();
        long n = 0;
        for (var e : predicted.entrySet()) {
            String child = truth.get(e.getKey());
            if (child == null) {
                continue;
            }
            n++;
            childrenByCluster
                    .computeIfAbsent(e.getValue(), k -> new HashMap<>())
                    .merge(child, 1, Integer::sum);
            clustersByChild.computeIfAbsent(child, k -> new HashSet<>()).add(e.getValue());
        }
        Map<String, Integer> recordsByChild = new HashMap<>();
        for (var e : predicted.keySet()) {
            String child = truth.get(e);
            if (child != null) {
                recordsByChild.merge(child, 1, Integer::sum);
            }
        }
        long tp = 0;
        long predictedPairs = 0;
        long merging = 0;
        List<Map<String, Integer>> mergingClusters = new ArrayList<>();
        for (Map<String, Integer> byChild : childrenByCluster.values()) {
            long size = 0;
            for (int c : byChild.values()) {
                tp += pairs(c);
                size += c;
            }
            predictedPairs += pairs(size);
            if (byChild.size() > 1) {
                merging++;
                mergingClusters.add(byChild);
            }
        }
        long truePairs = 0;
        for (int c : recordsByChild.values()) {
            truePairs += pairs(c);
        }
        long split = clustersByChild.values().stream().filter(s -> s.size() > 1).count();
        long review = reviewQueue.stream().filter(truth::containsKey).count();
        return new LinkageReport(
                n,
                clustersByChild.size(),
                childrenByCluster.size(),
                tp,
                predictedPairs,
                truePairs,
                merging,
                split,
                review,
                mergedTwins(mergingClusters, truth, records));
    }

    /**
     * Pairs of distinct children, in one predicted cluster, who look like twins: records of both share a date of birth,
     * a family name and a postcode (one household).
     */
    private static long mergedTwins(
            List<Map<String, Integer>> merging, Map<String, String> truth, Collection<LinkageRecord> records) {
        if (merging.isEmpty() || records == null) {
            return 0;
        }
        Set<String> wanted = new HashSet<>();
        merging.forEach(m -> wanted.addAll(m.keySet()));
        Map<String, Set<String>> signatures = new HashMap<>();
        for (LinkageRecord r : records) {
            String child = truth.get(r.key());
            var postcode = Standardiser.postcode(r.postcode());
            if (child != null && wanted.contains(child) && r.dateOfBirth() != null && postcode != null) {
                signatures
                        .computeIfAbsent(child, k -> new HashSet<>())
                        .add(r.dateOfBirth() + "|" + Standardise.nameKey(r.familyName()) + "|" + postcode.value());
            }
        }
        long twins = 0;
        for (Map<String, Integer> cluster : merging) {
            List<String> kids = new ArrayList<>(cluster.keySet());
            for (int i = 0; i < kids.size(); i++) {
                for (int j = i + 1; j < kids.size(); j++) {
                    Set<String> a = signatures.getOrDefault(kids.get(i), Set.of());
                    Set<String> b = signatures.getOrDefault(kids.get(j), Set.of());
                    if (a.stream().anyMatch(b::contains)) {
                        twins++;
                    }
                }
            }
        }
        return twins;
    }

    /** Reads {@code truth.csv} ({@code source,record_id,child}) into record key to child. */
    public static Map<String, String> readTruth(Path file) throws IOException {
        Map<String, String> truth = new HashMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (!Objects.equals(header, "source,record_id,child")) {
                throw new IOException("a truth file starts with source,record_id,child");
            }
            String line;
            while ((line = in.readLine()) != null) {
                String[] parts = line.split(",", -1);
                if (parts.length == 3) {
                    truth.put(LinkageRecord.keyOf(parts[0], parts[1]), parts[2]);
                }
            }
        }
        return truth;
    }

    private static long pairs(long n) {
        return n * (n - 1) / 2;
    }

    public double precision() {
        return predictedPairs == 0 ? 1.0 : (double) truePositivePairs / predictedPairs;
    }

    public double recall() {
        return truePairs == 0 ? 1.0 : (double) truePositivePairs / truePairs;
    }

    public double f1() {
        double p = precision();
        double r = recall();
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public long records() {
        return records;
    }

    public long children() {
        return children;
    }

    public long clusters() {
        return clusters;
    }

    public long clustersMergingChildren() {
        return clustersMergingChildren;
    }

    public long childrenSplit() {
        return childrenSplit;
    }

    public long reviewQueue() {
        return reviewQueue;
    }

    public double reviewShare() {
        return records == 0 ? 0 : (double) reviewQueue / records;
    }

    public long mergedTwins() {
        return mergedTwins;
    }

    public long truePositivePairs() {
        return truePositivePairs;
    }

    public long predictedPairs() {
        return predictedPairs;
    }

    public long truePairs() {
        return truePairs;
    }

    public void print(PrintWriter out) {
        out.printf("Linkage report%n");
        out.printf("  records                         %,12d%n", records);
        out.printf("  real children                   %,12d%n", children);
        out.printf("  predicted clusters              %,12d%n", clusters);
        out.printf(
                "  pairwise precision              %12.6f  (%,d of %,d predicted pairs)%n",
                precision(), truePositivePairs, predictedPairs);
        out.printf(
                "  pairwise recall                 %12.6f  (%,d of %,d true pairs)%n",
                recall(), truePositivePairs, truePairs);
        out.printf("  pairwise F1                     %12.6f%n", f1());
        out.printf("  clusters merging real children  %,12d%n", clustersMergingChildren);
        out.printf("  real children split             %,12d%n", childrenSplit);
        out.printf("  merged twins                    %,12d%n", mergedTwins);
        out.printf("  review queue (POSSIBLE_MATCH)   %,12d  (%.3f%% of records)%n", reviewQueue, 100 * reviewShare());
        out.flush();
    }

    @Override
    public String toString() {
        var text = new java.io.StringWriter();
        print(new PrintWriter(text));
        return text.toString();
    }
}
