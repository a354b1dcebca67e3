package uk.contactpoint.matching;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Incremental linkage benchmark: holds out a random sample of records, links the rest in batch (the existing
 * children), loads those clusters into an {@link IncrementalLinker} with the in-memory candidate finder, then links
 * the held-out records one at a time in chunks and prints each chunk's rate and the median. Run with the bench
 * profile:
 *
 * <pre>./mvnw -ntp -Pbench test-compile exec:exec -Dbench.jvm=-Xmx12g \
 *   -Dbench.main=uk.contactpoint.matching.IncrementalBenchmark -Dbench.args="/tmp/g1m 10000 5"</pre>
 */
public final class IncrementalBenchmark {
    private IncrementalBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int holdOut = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int chunks = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        PrintWriter out = new PrintWriter(System.out, true);
        GeneratedData data = GeneratedData.read(dir);
        List<LinkageRecord> all = new ArrayList<>(data.records());
        Collections.shuffle(all, new java.util.Random(42));
        List<LinkageRecord> later = new ArrayList<>(all.subList(0, holdOut));
        List<LinkageRecord> existing = new ArrayList<>(all.subList(holdOut, all.size()));
        all = null;

        long t0 = System.nanoTime();
        LinkageResult batch =
                BatchLinker.trainAndLink(existing, List.of(), TrainingOptions.DEFAULT, Thresholds.DEFAULT);
        MatchModel model = batch.model();
        Map<String, String> clusterOf = batch.clusterByRecord();
        long existingChildren = batch.clusterCount();
        batch = null;
        out.printf(
                "existing: %,d records in %,d clusters, linked in batch in %.1f s%n",
                existing.size(), existingChildren, (System.nanoTime() - t0) / 1e9);

        long t1 = System.nanoTime();
        var finder = new InMemoryCandidateFinder(BatchLinker.DEFAULT_MAX_BLOCK, existing.size() + holdOut);
        var linker = new IncrementalLinker(model, Thresholds.DEFAULT, finder);
        Map<String, List<LinkageRecord>> byCluster = new HashMap<>();
        for (LinkageRecord r : existing) {
            byCluster
                    .computeIfAbsent(clusterOf.get(r.key()), k -> new ArrayList<>(3))
                    .add(r);
        }
        clusterOf = null;
        byCluster.values().forEach(linker::addCluster);
        byCluster = null;
        Runtime rt = Runtime.getRuntime();
        System.gc();
        out.printf(
                "loaded into the incremental linker in %.1f s; heap used %,d MB of max %,d MB%n",
                (System.nanoTime() - t1) / 1e9, (rt.totalMemory() - rt.freeMemory()) >> 20, rt.maxMemory() >> 20);

        double[] rates = new double[chunks];
        Map<Outcome, Integer> outcomes = new java.util.EnumMap<>(Outcome.class);
        List<String> review = new ArrayList<>();
        int per = holdOut / chunks;
        for (int c = 0; c < chunks; c++) {
            long start = System.nanoTime();
            for (LinkageRecord r : later.subList(c * per, (c + 1) * per)) {
                Decision d = linker.link(r);
                outcomes.merge(d.outcome(), 1, Integer::sum);
                if (d.outcome() == Outcome.POSSIBLE_MATCH) {
                    review.add(d.recordKey());
                }
            }
            rates[c] = per / ((System.nanoTime() - start) / 1e9);
            out.printf("chunk %d: %,d records at %,.0f records/s%n", c + 1, per, rates[c]);
        }
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        out.printf(
                "incremental linkage against %,d existing children: median %,.0f records/s over %d chunks (min %,.0f,"
                        + " max %,.0f); outcomes %s%n",
                existingChildren, sorted[chunks / 2], chunks, sorted[0], sorted[chunks - 1], outcomes);
        // The review queue here is the held-out records' POSSIBLE_MATCH decisions only.
        LinkageReport report = LinkageReport.of(linker.clusterByRecord(), data.truth(), review, data.records());
        report.print(out);
    }
}
