package uk.contactpoint.search;

import java.io.IOException;
import java.io.InputStream;
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
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.Query;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
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
import uk.contactpoint.matching.NameVariants;

/**
 * What the search benchmarks share: filling PostgreSQL's child table from a generator output directory, rebuilding
 * the index with its time and peak heap, the probes, and bare Lucene over the same index.
 */
final class SearchBenchData {
    private SearchBenchData() {}

    /** The three kinds of probe, in the order {@link #probes} cycles through them. */
    static final List<String> KINDS =
            List.of("exact name and date of birth", "typo and nickname with date of birth", "family and postcode");

    /** One probe: its kind (an index into {@link #KINDS}), what a practitioner types, and the checked criteria. */
    record Probe(int kind, SearchCriteria.Input input, SearchCriteria criteria) {}

    /** A practitioner of Leeds for in-process searches (no session: ChildSearch takes the user as given). */
    record BenchUser(long id, String username) implements SignedInUser {
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

    /** One rebuild: children indexed, seconds, the peak heap while it ran, and the new generation. */
    record Rebuild(long indexed, double seconds, long peakHeap, Path generation) {}

    /**
     * One child row per generated child: the record of the most authoritative source that has the child (health,
     * school census, local authority, benefit), with the former names of that record. Returns how many.
     */
    static int fill(Path dir, JdbcTemplate jdbc) throws IOException {
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

    /** Rebuilds the index after a collection, measuring the peak heap (all heap pools) while it runs. */
    static Rebuild rebuild(SearchIndex index) throws IOException {
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        SearchIndex.Rebuilt rebuilt = index.rebuild((done, total) -> {});
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        return new Rebuild(rebuilt.indexed(), rebuilt.millis() / 1000.0, peak, rebuilt.generation());
    }

    /** Waits until the follower serves the generation a rebuild wrote (it deletes the others when it opens it). */
    static void awaitServing(SearchIndex index, Path generation) {
        SearchIT.await(
                () -> index.ready() && Files.exists(generation) && onlyGeneration(generation),
                30_000,
                "the index switches to the rebuilt generation");
    }

    private static boolean onlyGeneration(Path live) {
        try (Stream<Path> dirs = Files.list(live.getParent())) {
            return dirs.filter(p -> p.getFileName().toString().startsWith("gen-"))
                            .count()
                    == 1;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * {@code count} probes from random children (seed 42), cycling through the kinds: exact name and date of birth;
     * a typing slip in a family name of 5 letters or more with the first nickname of the given name and the date of
     * birth; family name and postcode.
     */
    static List<Probe> probes(JdbcClient jdbc, LocalDate today, int count) {
        var variants = NameVariants.standard();
        long total = jdbc.sql("select count(*) from child").query(Long.class).single();
        SplittableRandom random = new SplittableRandom(42);
        List<Probe> probes = new ArrayList<>();
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
            int kind = probes.size() % 3;
            SearchCriteria.Input in = switch (kind) {
                case 0 -> new SearchCriteria.Input(r[1], given, r[2], null, null, null, null, null, null);
                case 1 -> {
                    var nick = variants.variantsOf(given);
                    String family = r[1].length() >= 5 ? SearchIT.typo(r[1]) : r[1];
                    yield new SearchCriteria.Input(
                            family, nick.isEmpty() ? given : nick.getFirst(), r[2], null, null, null, null, null, null);
                }
                default -> new SearchCriteria.Input(r[1], null, null, null, null, null, r[3], null, null);
            };
            if (kind == 2 && in.postcode() == null) {
                continue;
            }
            try {
                probes.add(new Probe(kind, in, SearchCriteria.of(in, today)));
            } catch (SearchRefusedException e) {
                // a generated name the form would refuse: pick another child
            }
        }
        return probes;
    }

    /** Bare Lucene: the same query objects searched without reading or scoring hits; mean µs per query. */
    static double bare(SearchIndex index, List<Query> queries) throws IOException {
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

    /**
     * The same query with each {@link SlipQuery} replaced by the {@code FuzzyQuery} it stands for (what the search
     * used before: a Levenshtein automaton built for every query), to time both over the same index.
     */
    static Query withAutomata(Query query) {
        return switch (query) {
            case SlipQuery slips -> slips.asFuzzyQuery();
            case ConstantScoreQuery c -> new ConstantScoreQuery(withAutomata(c.getQuery()));
            case BooleanQuery b -> {
                var copy = new BooleanQuery.Builder().setMinimumNumberShouldMatch(b.getMinimumNumberShouldMatch());
                b.clauses().forEach(clause -> copy.add(withAutomata(clause.query()), clause.occur()));
                yield copy.build();
            }
            default -> query;
        };
    }

    /** Whether each pair of queries finds the same documents (all of them, not only the first 501). */
    static boolean sameHits(SearchIndex index, List<Query> queries, List<Query> others) throws IOException {
        for (int i = 0; i < queries.size(); i++) {
            Query q = queries.get(i);
            Query other = others.get(i);
            boolean same = index.search(s -> {
                Set<Integer> a = new HashSet<>();
                Set<Integer> b = new HashSet<>();
                for (var d : s.search(q, Integer.MAX_VALUE / 2).scoreDocs) {
                    a.add(d.doc);
                }
                for (var d : s.search(other, Integer.MAX_VALUE / 2).scoreDocs) {
                    b.add(d.doc);
                }
                return a.equals(b);
            });
            if (!same) {
                throw new IllegalStateException("different hits for " + q + " and " + other);
            }
        }
        return true;
    }

    /** The service's ranking ({@code ChildSearch.rank}: Lucene, then the matcher's scoring); mean µs per query. */
    static double ranking(ChildSearch search, List<Probe> probes) {
        long start = System.nanoTime();
        long found = 0;
        for (Probe p : probes) {
            found += search.rank(p.criteria()).qualifying().size();
        }
        if (found < 0) {
            throw new IllegalStateException();
        }
        return (System.nanoTime() - start) / 1e3 / probes.size();
    }

    static long size(Path dir) throws IOException {
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
