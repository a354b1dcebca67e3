package uk.contactpoint.search;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.lucene.search.Query;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import uk.contactpoint.ContactPointApplication;
import uk.contactpoint.matching.MatchModel;
import uk.contactpoint.matching.NameVariants;

/**
 * The search benchmark (issue 6): on PostgreSQL, fills the child table with one row per generated child (the most
 * authoritative source's record, as the directory would assemble it), then
 *
 * <ul>
 *   <li>rebuilds the index RUNS times, printing each run's time and peak heap, and the median;
 *   <li>runs the same probes (exact, a typo in the family name with a nickname, family name and postcode) as bare
 *       Lucene queries and through the service's ranking, alternating, over the same index in the same run, and
 *       prints the medians of the per-query means; then once through {@code ChildSearch.search} with its audit write.
 * </ul>
 *
 * <pre>./mvnw -ntp -Pbench test-compile exec:exec -Dbench.main=uk.contactpoint.search.SearchBenchmark
 *     -Dbench.args="/tmp/gs100k 5"</pre>
 */
public final class SearchBenchmark {
    private SearchBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: SearchBenchmark FEED_DIR [RUNS] [QUERIES]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int queries = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        PrintWriter out = new PrintWriter(System.out, true);
        String db = uk.contactpoint.testing.TestDatabases.createPostgresDatabase(
                "cp_bench_search_" + ProcessHandle.current().pid());
        Path data = Files.createTempDirectory("search-bench");
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ContactPointApplication.class)
                .web(WebApplicationType.NONE)
                .logStartupInfo(false)
                .run(
                        "--spring.datasource.url=" + db,
                        "--spring.datasource.username=postgres",
                        "--spring.datasource.password=",
                        "--contactpoint.data-directory=" + data,
                        "--contactpoint.search.follow=true")) {
            var jdbc = context.getBean(JdbcTemplate.class);
            long t0 = System.nanoTime();
            int children = SearchBenchData.fill(dir, jdbc);
            out.printf("inserted %,d children into PostgreSQL in %.1f s%n", children, (System.nanoTime() - t0) / 1e9);

            SearchIndex index = context.getBean(SearchIndex.class);
            double[] seconds = new double[runs];
            long[] peaks = new long[runs];
            SearchBenchData.Rebuild rebuilt = null;
            for (int run = 0; run < runs; run++) {
                rebuilt = SearchBenchData.rebuild(index);
                seconds[run] = rebuilt.seconds();
                peaks[run] = rebuilt.peakHeap();
                out.printf(
                        "rebuild %d: %,d children in %.2f s (%,.0f children/s), peak heap %,d MB, index %,d MB%n",
                        run + 1,
                        rebuilt.indexed(),
                        seconds[run],
                        rebuilt.indexed() / seconds[run],
                        peaks[run] >> 20,
                        SearchBenchData.size(rebuilt.generation()) >> 20);
            }
            out.printf(
                    "index rebuild of %,d children: median %.2f s over %d runs, median peak heap %,d MB (max heap %,d MB)%n",
                    rebuilt.indexed(),
                    median(seconds),
                    runs,
                    (long) median(Arrays.stream(peaks).asDoubleStream().toArray()) >> 20,
                    Runtime.getRuntime().maxMemory() >> 20);

            SearchBenchData.awaitServing(index, rebuilt.generation());
            queries(context, index, queries, runs, out);
        }
    }

    private static void queries(
            ConfigurableApplicationContext context, SearchIndex index, int count, int runs, PrintWriter out)
            throws IOException {
        var jdbc = context.getBean(JdbcClient.class);
        var search = context.getBean(ChildSearch.class);
        var ranker = new Ranker(MatchModel.reference(), NameVariants.standard());
        List<SearchCriteria> probes = SearchBenchData.probes(jdbc, search.today(), count).stream()
                .map(SearchBenchData.Probe::criteria)
                .toList();
        List<Query> prepared = probes.stream().map(ranker::query).toList();
        int[] found = {0};
        // Warm up both paths.
        for (int i = 0; i < 3; i++) {
            bare(index, prepared);
            service(search, probes, found);
        }
        double[] bare = new double[runs];
        double[] service = new double[runs];
        long[] latencies = new long[runs * probes.size()];
        for (int run = 0; run < runs; run++) {
            bare[run] = bare(index, prepared);
            long start = System.nanoTime();
            for (int i = 0; i < probes.size(); i++) {
                long s = System.nanoTime();
                var ranked = search.rank(probes.get(i));
                latencies[run * probes.size() + i] = System.nanoTime() - s;
                found[0] += ranked.qualifying().size();
            }
            service[run] = (System.nanoTime() - start) / 1e3 / probes.size();
            out.printf(
                    "queries %d: bare Lucene %.0f µs, service ranking %.0f µs per query (%.2fx)%n",
                    run + 1, bare[run], service[run], service[run] / bare[run]);
        }
        for (int kind = 0; kind < 3; kind++) {
            List<Long> mine = new ArrayList<>();
            for (int i = 0; i < latencies.length; i++) {
                if ((i % probes.size()) % 3 == kind) {
                    mine.add(latencies[i]);
                }
            }
            mine.sort(null);
            out.printf(
                    "  %s: p50 %.0f µs, p99 %.0f µs%n",
                    SearchBenchData.KINDS.get(kind),
                    mine.get(mine.size() / 2) / 1e3,
                    mine.get((int) (mine.size() * 0.99)) / 1e3);
        }
        Arrays.sort(latencies);
        out.printf(
                "%d probes: bare Lucene median %.0f µs, ChildSearch ranking median %.0f µs per query: %.2fx;"
                        + " service p50 %.0f µs, p99 %.0f µs%n",
                probes.size(),
                median(bare),
                median(service),
                median(service) / median(bare),
                latencies[latencies.length / 2] / 1e3,
                latencies[(int) (latencies.length * 0.99)] / 1e3);

        var user = new SearchBenchData.BenchUser(1, "bench");
        long start = System.nanoTime();
        for (SearchCriteria c : probes) {
            search.search(input(c), new ChildSearch.Searcher(user, "127.0.0.1", "bench"));
        }
        out.printf(
                "ChildSearch.search with its audit write on PostgreSQL: %.0f µs per query%n",
                (System.nanoTime() - start) / 1e3 / probes.size());
    }

    private static double bare(SearchIndex index, List<Query> queries) throws IOException {
        return SearchBenchData.bare(index, queries);
    }

    private static void service(ChildSearch search, List<SearchCriteria> probes, int[] found) {
        for (SearchCriteria c : probes) {
            found[0] += search.rank(c).qualifying().size();
        }
    }

    private static SearchCriteria.Input input(SearchCriteria c) {
        return new SearchCriteria.Input(
                c.familyName(),
                c.givenName(),
                c.dateOfBirth() == null ? null : c.dateOfBirth().toString(),
                null,
                null,
                null,
                c.postcode() == null ? null : c.postcode().value(),
                null,
                null);
    }

    static double median(double[] values) {
        return SearchBenchData.median(values);
    }
}
