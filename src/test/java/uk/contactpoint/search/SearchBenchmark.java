package uk.contactpoint.search;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.lucene.search.Query;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import uk.contactpoint.ContactPointApplication;
import uk.contactpoint.access.Role;
import uk.contactpoint.access.SignedInUser;
import uk.contactpoint.feeds.FeedReader;
import uk.contactpoint.feeds.FeedRow;
import uk.contactpoint.generator.SyntheticFeeds;
import uk.contactpoint.kernel.ChildId;
import uk.contactpoint.kernel.Gender;
import uk.contactpoint.kernel.NhsNumber;
import uk.contactpoint.kernel.Postcode;
import uk.contactpoint.kernel.Upn;
import uk.contactpoint.matching.LinkageReport;
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
            int children = fill(dir, jdbc);
            out.printf("inserted %,d children into PostgreSQL in %.1f s%n", children, (System.nanoTime() - t0) / 1e9);

            SearchIndex index = context.getBean(SearchIndex.class);
            double[] seconds = new double[runs];
            long[] peaks = new long[runs];
            SearchIndex.Rebuilt rebuilt = null;
            for (int run = 0; run < runs; run++) {
                System.gc();
                List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                        .filter(p -> p.getType() == MemoryType.HEAP)
                        .toList();
                heap.forEach(MemoryPoolMXBean::resetPeakUsage);
                rebuilt = index.rebuild((done, total) -> {});
                seconds[run] = rebuilt.millis() / 1000.0;
                peaks[run] =
                        heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
                out.printf(
                        "rebuild %d: %,d children in %.2f s (%,.0f children/s), peak heap %,d MB, index %,d MB%n",
                        run + 1,
                        rebuilt.indexed(),
                        seconds[run],
                        rebuilt.indexed() / seconds[run],
                        peaks[run] >> 20,
                        size(rebuilt.generation()) >> 20);
            }
            out.printf(
                    "index rebuild of %,d children: median %.2f s over %d runs, median peak heap %,d MB (max heap %,d MB)%n",
                    rebuilt.indexed(),
                    median(seconds),
                    runs,
                    (long) median(Arrays.stream(peaks).asDoubleStream().toArray()) >> 20,
                    Runtime.getRuntime().maxMemory() >> 20);

            Path live = rebuilt.generation();
            SearchIT.await(
                    () -> index.ready() && Files.exists(live) && switched(index, live), 30_000, "the index switches");
            queries(context, index, queries, runs, out);
        }
    }

    /** Whether the follower has opened the newest generation (it deletes the others when it does). */
    private static boolean switched(SearchIndex index, Path live) {
        try (Stream<Path> dirs = Files.list(live.getParent())) {
            return dirs.filter(p -> p.getFileName().toString().startsWith("gen-"))
                            .count()
                    == 1;
        } catch (IOException e) {
            return false;
        }
    }

    private static void queries(
            ConfigurableApplicationContext context, SearchIndex index, int count, int runs, PrintWriter out)
            throws IOException {
        var jdbc = context.getBean(JdbcClient.class);
        var search = context.getBean(ChildSearch.class);
        var ranker = new Ranker(MatchModel.reference(), NameVariants.standard());
        var variants = NameVariants.standard();
        long total = jdbc.sql("select count(*) from child").query(Long.class).single();
        SplittableRandom random = new SplittableRandom(42);
        List<SearchCriteria> probes = new ArrayList<>();
        LocalDate today = search.today();
        while (probes.size() < count) {
            long id = 1 + random.nextLong(total);
            var row = jdbc.sql("select given_names, family_name, date_of_birth, postcode from child where id = ?")
                    .param(id)
                    .query((rs, n) -> new String[] {
                        rs.getString(1),
                        rs.getString(2),
                        rs.getObject(3, LocalDate.class).toString(),
                        rs.getString(4)
                    })
                    .optional();
            if (row.isEmpty()) {
                continue;
            }
            String[] r = row.get();
            String given = r[0].split(" ")[0];
            SearchCriteria.Input in = switch (probes.size() % 3) {
                case 0 -> new SearchCriteria.Input(r[1], given, r[2], null, null, null, null, null, null);
                case 1 -> {
                    var nick = variants.variantsOf(given);
                    String family = r[1].length() >= 5 ? SearchIT.typo(r[1]) : r[1];
                    yield new SearchCriteria.Input(
                            family, nick.isEmpty() ? given : nick.getFirst(), r[2], null, null, null, null, null, null);
                }
                default -> new SearchCriteria.Input(r[1], null, null, null, null, null, r[3], null, null);
            };
            if (in.postcode() == null && probes.size() % 3 == 2) {
                continue;
            }
            try {
                probes.add(SearchCriteria.of(in, today));
            } catch (SearchRefusedException e) {
                // a generated name the form would refuse: pick another child
            }
        }
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
        String[] kinds = {"exact name and date of birth", "typo and nickname with date of birth", "family and postcode"
        };
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
                    kinds[kind], mine.get(mine.size() / 2) / 1e3, mine.get((int) (mine.size() * 0.99)) / 1e3);
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

        var user = new BenchUser();
        long start = System.nanoTime();
        for (SearchCriteria c : probes) {
            search.search(input(c), new ChildSearch.Searcher(user, "127.0.0.1", "bench"));
        }
        out.printf(
                "ChildSearch.search with its audit write on PostgreSQL: %.0f µs per query%n",
                (System.nanoTime() - start) / 1e3 / probes.size());
    }

    private static double bare(SearchIndex index, List<Query> queries) throws IOException {
        long start = System.nanoTime();
        long hits = 0;
        for (Query q : queries) {
            hits += index.search(s -> s.search(q, Ranker.MAX_CANDIDATES + 1).scoreDocs.length);
        }
        if (hits < 0) {
            throw new IllegalStateException();
        }
        return (System.nanoTime() - start) / 1e3 / queries.size();
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

    private record BenchUser() implements SignedInUser {
        public long id() {
            return 1;
        }

        public String username() {
            return "bench";
        }

        public String displayName() {
            return "Bench";
        }

        public String organisationCode() {
            return "383";
        }

        public String organisationName() {
            return "Bench";
        }

        public String localAuthorityCode() {
            return "383";
        }

        public List<Role> roles() {
            return List.of(Role.PRACTITIONER);
        }
    }

    /**
     * One child row per generated child: the record of the most authoritative source that has the child (health,
     * school census, local authority, benefit), with the former names of that record.
     */
    private static int fill(Path dir, JdbcTemplate jdbc) throws IOException {
        Map<String, String> truth = LinkageReport.readTruth(dir.resolve(SyntheticFeeds.TRUTH_FILE));
        Set<String> seen = new HashSet<>();
        SplittableRandom random = new SplittableRandom(1);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<Object[]> batch = new ArrayList<>();
        List<Object[]> former = new ArrayList<>();
        long[] id = {0};
        for (String source : List.of("nhs-pds", "dfe-school-census", "la-social-care", "hmrc-child-benefit")) {
            try (InputStream in = Files.newInputStream(dir.resolve(source + ".csv"));
                    FeedReader reader = FeedReader.open(in, SyntheticFeeds.DEFAULT_AS_OF.plusDays(1))) {
                for (FeedReader.Result result : reader) {
                    if (!(result instanceof FeedReader.Accepted accepted)) {
                        continue;
                    }
                    FeedRow row = accepted.row();
                    String child = truth.get(source + "/" + row.recordId());
                    if (child == null || !seen.add(child)) {
                        continue;
                    }
                    id[0]++;
                    var address = row.address();
                    batch.add(new Object[] {
                        id[0],
                        ChildId.random(random).value(),
                        row.givenNames(),
                        row.familyName(),
                        Date.valueOf(row.dateOfBirth()),
                        row.gender().map(Gender::name).orElse("NOT_SPECIFIED"),
                        row.nhsNumber().map(NhsNumber::value).orElse(null),
                        row.upn().map(Upn::value).orElse(null),
                        address.isEmpty() ? "NO_KNOWN_ADDRESS" : "CURRENT",
                        address.line1(),
                        address.line2(),
                        address.town(),
                        address.postcode().map(Postcode::value).orElse(null),
                        now
                    });
                    for (String name : new HashSet<>(row.formerFamilyNames())) {
                        if (!name.equalsIgnoreCase(row.familyName())) {
                            former.add(new Object[] {id[0], name});
                        }
                    }
                    if (batch.size() == 5_000) {
                        insert(jdbc, batch, former);
                    }
                }
            }
        }
        insert(jdbc, batch, former);
        return (int) id[0];
    }

    private static void insert(JdbcTemplate jdbc, List<Object[]> children, List<Object[]> former) {
        jdbc.batchUpdate(
                """
                insert into child (id, child_id, state, given_names, family_name, date_of_birth, gender, nhs_number,
                    upn, match_key, address_status, address_line_1, address_line_2, town, postcode, created_at,
                    updated_at)
                values (?, ?, 'ACTIVE', ?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?)""",
                children.stream()
                        .map(r -> {
                            Object[] withUpdated = Arrays.copyOf(r, r.length + 1);
                            withUpdated[r.length] = r[r.length - 1];
                            return withUpdated;
                        })
                        .toList());
        jdbc.batchUpdate("insert into child_former_name (child_id, family_name) values (?, ?)", former);
        children.clear();
        former.clear();
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        }
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
