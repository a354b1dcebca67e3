package uk.contactpoint.matching;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * End-to-end linkage benchmark on generated feeds: reads a generator output directory, trains and links in batch
 * several times, and prints each run's stage timings, the median, the heap in use and the linkage report against
 * truth.csv. Run with the {@code bench} profile:
 *
 * <pre>./mvnw -ntp -Pbench test-compile exec:exec -Dbench.args="/tmp/g100k 3"</pre>
 */
public final class LinkageBenchmark {
    private LinkageBenchmark() {}

    /** The default thresholds, or those given as -Dbench.match and -Dbench.possible. */
    static Thresholds thresholds() {
        return new Thresholds(
                Double.parseDouble(System.getProperty("bench.match", String.valueOf(Thresholds.DEFAULT.match()))),
                Double.parseDouble(
                        System.getProperty("bench.possible", String.valueOf(Thresholds.DEFAULT.possible()))));
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: LinkageBenchmark FEED_DIR [RUNS] [--incremental N]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        PrintWriter out = new PrintWriter(System.out, true);
        long t0 = System.nanoTime();
        GeneratedData data = GeneratedData.read(dir);
        out.printf("read %,d records from %s in %.1f s%n", data.records().size(), dir, (System.nanoTime() - t0) / 1e9);
        LinkageResult result = null;
        double[] seconds = new double[runs];
        for (int run = 0; run < runs; run++) {
            System.gc();
            long start = System.nanoTime();
            result = BatchLinker.trainAndLink(data.records(), List.of(), TrainingOptions.DEFAULT, thresholds());
            seconds[run] = (System.nanoTime() - start) / 1e9;
            Runtime rt = Runtime.getRuntime();
            out.printf(
                    "run %d: %.2f s %s heap used %,d MB of max %,d MB%n",
                    run + 1,
                    seconds[run],
                    result.timings(),
                    (rt.totalMemory() - rt.freeMemory()) >> 20,
                    rt.maxMemory() >> 20);
        }
        double[] sorted = seconds.clone();
        Arrays.sort(sorted);
        out.printf(
                "batch linkage of %,d records: median %.2f s over %d runs (min %.2f, max %.2f), %,.0f records/s%n",
                data.records().size(),
                sorted[runs / 2],
                runs,
                sorted[0],
                sorted[runs - 1],
                data.records().size() / sorted[runs / 2]);
        result.blocking().print(out);
        result.model().print(out);
        out.printf(
                "outcomes: MATCH %,d  POSSIBLE_MATCH %,d  NO_MATCH %,d  POSSIBLE_DUPLICATE %,d; review pairs %,d%n",
                result.count(Outcome.MATCH),
                result.count(Outcome.POSSIBLE_MATCH),
                result.count(Outcome.NO_MATCH),
                result.count(Outcome.POSSIBLE_DUPLICATE),
                result.reviewPairCount());
        Map<String, String> clusters = result.clusterByRecord();
        LinkageReport report = LinkageReport.of(clusters, data.truth(), result.reviewQueue(), data.records());
        report.print(out);
        if (Boolean.getBoolean("bench.errors")) {
            Errors.print(result, data, out, 15);
        }
        out.flush();
        Files.createDirectories(Path.of("target"));
    }

    /** Samples of wrong merges and missed links, with their waterfalls, for tuning. */
    static final class Errors {
        /** The commonest waterfalls (levels only) among true pairs left apart. */
        static void patterns(LinkageResult result, GeneratedData data, PrintWriter out) {
            Map<String, String> clusters = result.clusterByRecord();
            Map<String, LinkageRecord> byKey = new java.util.HashMap<>();
            data.records().forEach(r -> byKey.put(r.key(), r));
            Map<String, List<String>> byChild = new java.util.HashMap<>();
            data.truth()
                    .forEach((k, c) ->
                            byChild.computeIfAbsent(c, x -> new ArrayList<>()).add(k));
            Map<String, int[]> counts = new java.util.HashMap<>();
            for (List<String> keys : byChild.values()) {
                for (int i = 0; i < keys.size(); i++) {
                    for (int j = i + 1; j < keys.size(); j++) {
                        if (!clusters.get(keys.get(i)).equals(clusters.get(keys.get(j)))) {
                            PairScore s = result.model().score(byKey.get(keys.get(i)), byKey.get(keys.get(j)));
                            String pattern = s.contributions().stream()
                                    .filter(c -> !c.field().equals("prior")
                                            && !c.field().contains("frequency"))
                                    .map(c -> c.field() + "=" + c.level())
                                    .collect(java.util.stream.Collectors.joining("; "));
                            String bucket = s.weight() >= 10
                                    ? ">=10 (constraint?)"
                                    : s.weight() >= 5 ? "5..10" : s.weight() >= 0 ? "0..5" : "<0";
                            int seen = counts.computeIfAbsent(bucket + " | " + pattern, x -> new int[1])[0]++;
                            String filter = System.getProperty("bench.show", "");
                            if (!filter.isEmpty() && pattern.contains(filter) && seen < 6) {
                                out.println(byKey.get(keys.get(i)));
                                out.println(byKey.get(keys.get(j)));
                                out.println(s.explain());
                            }
                        }
                    }
                }
            }
            counts.entrySet().stream()
                    .sorted((a, b) -> b.getValue()[0] - a.getValue()[0])
                    .limit(40)
                    .forEach(e -> out.printf("%6d  %s%n", e.getValue()[0], e.getKey()));
        }

        static void print(LinkageResult result, GeneratedData data, PrintWriter out, int limit) {
            patterns(result, data, out);
            Map<String, String> clusters = result.clusterByRecord();
            Map<String, LinkageRecord> byKey = new java.util.HashMap<>();
            data.records().forEach(r -> byKey.put(r.key(), r));
            Map<String, List<String>> byChild = new java.util.HashMap<>();
            data.truth()
                    .forEach((k, c) ->
                            byChild.computeIfAbsent(c, x -> new ArrayList<>()).add(k));
            int shown = 0;
            out.println("--- missed links (same child, different clusters)");
            for (List<String> keys : byChild.values()) {
                if (shown >= limit) {
                    break;
                }
                for (int i = 0; i < keys.size() && shown < limit; i++) {
                    for (int j = i + 1; j < keys.size() && shown < limit; j++) {
                        if (!clusters.get(keys.get(i)).equals(clusters.get(keys.get(j)))) {
                            LinkageRecord a = byKey.get(keys.get(i));
                            LinkageRecord b = byKey.get(keys.get(j));
                            out.println(a);
                            out.println(b);
                            out.println(result.model().score(a, b).explain());
                            shown++;
                        }
                    }
                }
            }
            out.println("--- wrong merges (different children, one cluster)");
            Map<String, List<String>> byCluster = new java.util.HashMap<>();
            clusters.forEach((k, c) ->
                    byCluster.computeIfAbsent(c, x -> new ArrayList<>()).add(k));
            shown = 0;
            for (List<String> keys : byCluster.values()) {
                if (shown >= limit) {
                    break;
                }
                for (int i = 0; i < keys.size() && shown < limit; i++) {
                    for (int j = i + 1; j < keys.size() && shown < limit; j++) {
                        if (!data.truth().get(keys.get(i)).equals(data.truth().get(keys.get(j)))) {
                            LinkageRecord a = byKey.get(keys.get(i));
                            LinkageRecord b = byKey.get(keys.get(j));
                            out.println(a);
                            out.println(b);
                            out.println(result.model().score(a, b).explain());
                            shown++;
                        }
                    }
                }
            }
        }
    }
}
