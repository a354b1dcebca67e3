package uk.contactpoint.search;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.apache.commons.codec.binary.Base32;
import org.apache.lucene.search.Query;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import uk.contactpoint.ContactPointApplication;
import uk.contactpoint.access.AccessAdministration;
import uk.contactpoint.access.Role;
import uk.contactpoint.audit.MisuseDetector;
import uk.contactpoint.audit.SwitchableAuditLog;
import uk.contactpoint.kernel.Sha256;
import uk.contactpoint.matching.MatchModel;
import uk.contactpoint.matching.NameVariants;
import uk.contactpoint.testing.TestDatabases;
import uk.contactpoint.testing.WebClient;

/**
 * The end-to-end search benchmark (issues 6 and 7): the whole application with its embedded Tomcat on a free port, on
 * a scratch PostgreSQL database filled with one row per generated child, searched over HTTP by CLIENTS signed-in
 * practitioners at once.
 *
 * <ol>
 *   <li>Fills the database ({@link SearchBenchData#fill}), rebuilds the index REBUILDS times and prints the time and
 *       the peak heap.
 *   <li>Creates one practitioner per client the way the tests do ({@code AccessAdministration.ensureUser}, a known
 *       TOTP secret each) and signs each in over HTTP: password, then the code oathtool computes from the secret. A
 *       code is accepted once per user, hence one user (and one session) per client.
 *   <li>Each round, with a fresh {@link HttpClient} per client thread calling {@code GET /api/v1/children} with the
 *       probes of {@link SearchBenchData#probes} (exact name and date of birth; a typo with a nickname; family name
 *       and postcode), runs four phases of SECONDS each (after a second not counted): <em>closed</em>, every client
 *       sending its next search as soon as it has the answer (the throughput the service can give 16 clients), and
 *       <em>paced</em>, the clients together sending RATE searches a second on a fixed schedule, latency counted from
 *       when each search was due (so a stall counts against every search it delays); each with the audit write on
 *       and off ({@link SwitchableAuditLog}, a benchmark-only bean; the order alternates between rounds). Every
 *       response must be 200; FOUND and REFINE are counted.
 *   <li>Each round also measures, in the same process over the same index, a bare Lucene query against the service's
 *       ranking ({@code ChildSearch.rank}), as {@link SearchBenchmark} does, and the same bare queries with Lucene's
 *       {@code FuzzyQuery} (a Levenshtein automaton per query) in place of {@link SlipQuery}, after checking that
 *       both find the same children for every probe.
 *   <li>Prints each round's figures, then the medians over rounds, the audit on/off ratios, memory, and checks that
 *       every search answered with the audit on left exactly one SEARCH event.
 * </ol>
 *
 * <pre>./mvnw -ntp -Pbench test-compile exec:exec -Dbench.main=uk.contactpoint.search.HttpSearchBenchmark
 *     -Dbench.args="/tmp/g1m 3"</pre>
 *
 * Arguments: FEED_DIR [ROUNDS=3] [SECONDS=15] [CLIENTS=16] [RATE=1000] [REBUILDS=1] [WARMUP_SECONDS=60]. Client and
 * server share the JVM and the machine's cores, as they would share a small test box; the client's own cost is part
 * of every latency.
 */
public final class HttpSearchBenchmark {
    private HttpSearchBenchmark() {}

    static final String PASSWORD = "bench search passphrase 2026";
    static final int PROBES = 300;

    /** Closed: as fast as answers come. Paced: RATE a second in all, on schedule. */
    enum Load {
        CLOSED,
        PACED
    }

    record Phase(Load load, boolean audit) {
        String label(double rate) {
            return (load == Load.CLOSED ? "closed" : String.format("paced %,.0f/s", rate)) + ", audit "
                    + (audit ? "on " : "off");
        }
    }

    /** What one phase measured, latencies in ms. */
    record Stats(
            double throughput,
            double p50,
            double p90,
            double p99,
            double max,
            long count,
            long errors,
            long found,
            long refine,
            long unsent,
            double jvmCpu,
            double postgresCpu,
            double machineBusy,
            double mean,
            Meters server,
            long[][] byKind) {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println(
                    "usage: HttpSearchBenchmark FEED_DIR [ROUNDS] [SECONDS] [CLIENTS] [RATE] [REBUILDS] [WARMUP_SECONDS]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 15;
        int clients = args.length > 3 ? Integer.parseInt(args[3]) : 16;
        double rate = args.length > 4 ? Double.parseDouble(args[4]) : 1000;
        int rebuilds = args.length > 5 ? Integer.parseInt(args[5]) : 1;
        double warmup = args.length > 6 ? Double.parseDouble(args[6]) : 60;
        PrintWriter out = new PrintWriter(System.out, true);

        String db = TestDatabases.createPostgresDatabase(
                "cp_bench_http_" + ProcessHandle.current().pid());
        Path data = Files.createTempDirectory("http-search-bench");
        int status;
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ContactPointApplication.class)
                .web(WebApplicationType.SERVLET)
                .initializers(SwitchableAuditLog.register())
                .logStartupInfo(false)
                .run(
                        "--spring.datasource.url=" + db,
                        "--spring.datasource.username=postgres",
                        "--spring.datasource.password=",
                        "--server.port=0",
                        "--contactpoint.data-directory=" + data,
                        "--contactpoint.search.follow=true")) {
            int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
            out.printf(
                    "server on port %d, %d cores, max heap %,d MB, database %s%n",
                    port,
                    Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().maxMemory() >> 20,
                    db);
            long t0 = System.nanoTime();
            int children = SearchBenchData.fill(dir, context.getBean(JdbcTemplate.class));
            out.printf("inserted %,d children into PostgreSQL in %.1f s%n", children, (System.nanoTime() - t0) / 1e9);

            SearchIndex index = context.getBean(SearchIndex.class);
            SearchBenchData.Rebuild rebuilt = null;
            double[] rebuildSeconds = new double[rebuilds];
            double[] rebuildPeaks = new double[rebuilds];
            for (int i = 0; i < rebuilds; i++) {
                rebuilt = SearchBenchData.rebuild(index);
                rebuildSeconds[i] = rebuilt.seconds();
                rebuildPeaks[i] = rebuilt.peakHeap();
                out.printf(
                        "rebuild %d: %,d children in %.2f s (%,.0f children/s), peak heap %,d MB, index %,d MB%n",
                        i + 1,
                        rebuilt.indexed(),
                        rebuilt.seconds(),
                        rebuilt.indexed() / rebuilt.seconds(),
                        rebuilt.peakHeap() >> 20,
                        SearchBenchData.size(rebuilt.generation()) >> 20);
            }
            SearchBenchData.awaitServing(index, rebuilt.generation());

            var bench = new HttpSearchBenchmark.Run(context, index, port, clients, rate, seconds, out);
            bench.signIn();
            bench.warmUp(warmup);
            status = bench.rounds(rounds);
            bench.summary(rebuilt, SearchBenchData.median(rebuildSeconds), (long) SearchBenchData.median(rebuildPeaks));
        }
        // The index and keys of this run (about 100 MB at 1,000,000 children); the database goes at exit.
        try (var files = Files.walk(data)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
        System.exit(status);
    }

    /** The state of one benchmark run against a started server. */
    private static final class Run {
        private final ConfigurableApplicationContext context;
        private final SearchIndex index;
        private final ChildSearch search;
        private final SwitchableAuditLog audit;
        private final JdbcClient jdbc;
        private final MeterRegistry meters;
        private final int port;
        private final int clients;
        private final double rate;
        private final double seconds;
        private final PrintWriter out;
        private final List<SearchBenchData.Probe> probes;
        private final List<Query> queries;
        private final List<Query> automata;
        private final ExecutorService pool;
        private final List<Client> sessions = new ArrayList<>();
        private final Map<Phase, List<Stats>> results = new LinkedHashMap<>();
        private final List<double[]> inProcess = new ArrayList<>();
        private long auditedSearches;
        private long peakHeapUnderLoad;

        Run(
                ConfigurableApplicationContext context,
                SearchIndex index,
                int port,
                int clients,
                double rate,
                double seconds,
                PrintWriter out) {
            this.context = context;
            this.index = index;
            this.search = context.getBean(ChildSearch.class);
            this.audit = context.getBean(SwitchableAuditLog.class);
            this.jdbc = context.getBean(JdbcClient.class);
            this.meters = context.getBean(MeterRegistry.class);
            this.port = port;
            this.clients = clients;
            this.rate = rate;
            this.seconds = seconds;
            this.out = out;
            this.probes = SearchBenchData.probes(jdbc, search.today(), PROBES);
            var ranker = new Ranker(MatchModel.reference(), NameVariants.standard());
            this.queries = probes.stream().map(p -> ranker.query(p.criteria())).toList();
            this.automata = queries.stream().map(SearchBenchData::withAutomata).toList();
            this.pool = Executors.newFixedThreadPool(
                    clients,
                    Thread.ofPlatform().name("bench-client-", 1).daemon(true).factory());
            for (Load load : Load.values()) {
                for (boolean on : new boolean[] {true, false}) {
                    results.put(new Phase(load, on), new ArrayList<>());
                }
            }
        }

        /** One practitioner per client, created as the tests create them, each signed in over HTTP. */
        void signIn() {
            var access = context.getBean(AccessAdministration.class);
            access.ensureOrganisation(new AccessAdministration.NewOrganisation(
                    "383", "Leeds City Council", AccessAdministration.OrganisationKind.LOCAL_AUTHORITY, "383"));
            long start = System.nanoTime();
            for (int c = 1; c <= clients; c++) {
                String username = String.format("bench.practitioner%02d", c);
                String name = "Bench Practitioner " + c;
                String secret = totpSecret(username);
                access.ensureUser(new AccessAdministration.NewUser(
                        username,
                        name,
                        "383",
                        PASSWORD,
                        secret,
                        LocalDate.now().minusYears(1),
                        LocalDate.now().minusMonths(3),
                        Set.of(Role.PRACTITIONER)));
                var browser = new WebClient(port);
                var home = browser.signIn(username, PASSWORD, secret);
                if (home.statusCode() != 200 || !home.body().contains(name)) {
                    throw new IllegalStateException("sign-in of " + username + " failed: HTTP " + home.statusCode());
                }
                sessions.add(new Client(c - 1, browser.cookieHeader()));
            }
            out.printf(
                    "signed in %d practitioners over HTTP (password, then TOTP) in %.1f s; %d probes%n",
                    clients, (System.nanoTime() - start) / 1e9, probes.size());
        }

        /** A fixed TOTP secret per benchmark user (as the demo users have), base32 of 20 bytes. */
        private static String totpSecret(String username) {
            return new Base32().encodeToString(Arrays.copyOf(Sha256.of("contactpoint-bench:" + username), 20));
        }

        void warmUp(double warmup) throws Exception {
            long start = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                SearchBenchData.bare(index, queries);
                SearchBenchData.bare(index, automata);
                SearchBenchData.ranking(search, probes);
            }
            out.printf("typing slips kept for the index: %s%n", SlipTerms.kept());
            out.printf(
                    "the %d probes' queries find the same children with typing slips as with Lucene's fuzzy automata:"
                            + " %s%n",
                    queries.size(), SearchBenchData.sameHits(index, queries, automata));
            Stats w = phase(new Phase(Load.CLOSED, true), warmup);
            out.printf(
                    "warm-up: %.0f s closed loop, %,.0f searches/s, p50 %.1f ms, p99 %.1f ms (%.0f s in all)%n",
                    warmup, w.throughput(), w.p50(), w.p99(), (System.nanoTime() - start) / 1e9);
        }

        int rounds(int rounds) throws Exception {
            List<MemoryPoolMXBean> heap = heapPools();
            heap.forEach(MemoryPoolMXBean::resetPeakUsage);
            long errors = 0;
            for (int round = 1; round <= rounds; round++) {
                List<Phase> order = new ArrayList<>(results.keySet());
                if (round % 2 == 0) {
                    // Alternate which goes first, audit on or off, so that drift does not favour one.
                    order = List.of(order.get(1), order.get(0), order.get(3), order.get(2));
                }
                for (Phase phase : order) {
                    Stats s = phase(phase, seconds);
                    results.get(phase).add(s);
                    errors += s.errors();
                    out.printf(
                            "round %d/%d %-24s %,7.0f searches/s  p50 %5.1f  p90 %5.1f  p99 %6.1f  max %6.1f ms"
                                    + "  cpu/search: JVM %4.0f µs, PostgreSQL %4.0f µs; machine %3.0f%% busy"
                                    + "  (%,d searches: %,d FOUND, %,d REFINE, %,d errors%s)%n",
                            round,
                            rounds,
                            phase.label(rate),
                            s.throughput(),
                            s.p50(),
                            s.p90(),
                            s.p99(),
                            s.max(),
                            s.jvmCpu(),
                            s.postgresCpu(),
                            s.machineBusy(),
                            s.count(),
                            s.found(),
                            s.refine(),
                            s.errors(),
                            s.unsent() > 0 ? ", " + s.unsent() + " not sent: the schedule fell behind" : "");
                    out.printf(
                            "    where: client mean %.2f ms, server (http.server.requests) mean %.2f ms;"
                                    + " pool: %.1f connections/search, wait %.0f µs and held %.0f µs per connection%n",
                            s.mean(),
                            s.server().serverMean(),
                            s.server().acquiresPer(s.server().requests()),
                            s.server().waitMicros(),
                            s.server().heldMicros());
                }
                double[] lucene = inProcess();
                inProcess.add(lucene);
                out.printf(
                        "round %d/%d in process: bare Lucene %.0f µs, service ranking %.0f µs per query (%.2fx);"
                                + " ChildSearch.search with its audit write %.0f µs;"
                                + " bare Lucene with fuzzy automata instead of slips %.0f µs (%.2fx)%n",
                        round,
                        rounds,
                        lucene[0],
                        lucene[1],
                        lucene[1] / lucene[0],
                        lucene[2],
                        lucene[3],
                        lucene[3] / lucene[0]);
            }
            peakHeapUnderLoad =
                    heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            return errors == 0 ? 0 : 1;
        }

        /** Bare Lucene and the service's ranking alternating (best of two each), then search with its audit write. */
        private double[] inProcess() throws IOException {
            double bare = Double.MAX_VALUE;
            double ranking = Double.MAX_VALUE;
            double withAutomata = Double.MAX_VALUE;
            for (int i = 0; i < 2; i++) {
                bare = Math.min(bare, SearchBenchData.bare(index, queries));
                ranking = Math.min(ranking, SearchBenchData.ranking(search, probes));
                withAutomata = Math.min(withAutomata, SearchBenchData.bare(index, automata));
            }
            var searcher =
                    new ChildSearch.Searcher(new SearchBenchData.BenchUser(0, "bench.inprocess"), "127.0.0.1", "bench");
            long start = System.nanoTime();
            for (var p : probes) {
                search.search(p.input(), searcher);
            }
            double withAudit = (System.nanoTime() - start) / 1e3 / probes.size();
            return new double[] {bare, ranking, withAudit, withAutomata};
        }

        private Stats phase(Phase phase, double duration) throws Exception {
            audit.recordSearches(phase.audit());
            long lead = 1_000_000_000L;
            long startAt = System.nanoTime() + 50_000_000L;
            long recordFrom = startAt + lead;
            long end = recordFrom + (long) (duration * 1e9);
            long interval = phase.load() == Load.PACED ? (long) (1e9 * clients / rate) : 0;
            List<Long> backends = jdbc.sql("select pid from pg_stat_activity where datname = current_database()")
                    .query(Long.class)
                    .list();
            Cpu before = Cpu.now(backends);
            Meters metersBefore = Meters.now(meters);
            List<Future<Tally>> futures = new ArrayList<>();
            for (Client client : sessions) {
                futures.add(pool.submit(() -> client.run(startAt, recordFrom, end, interval, clients)));
            }
            List<Tally> tallies = new ArrayList<>();
            for (var f : futures) {
                tallies.add(f.get());
            }
            Cpu used = Cpu.now(backends).minus(before);
            Meters server = Meters.now(meters).minus(metersBefore);
            audit.recordSearches(true);
            if (phase.audit()) {
                auditedSearches += tallies.stream().mapToLong(t -> t.answered).sum();
            }
            long[] all = tallies.stream()
                    .flatMapToLong(t -> Arrays.stream(t.latencies, 0, t.n))
                    .sorted()
                    .toArray();
            long[][] byKind = new long[SearchBenchData.KINDS.size()][];
            for (int k = 0; k < byKind.length; k++) {
                int kind = k;
                byKind[k] = tallies.stream()
                        .flatMapToLong(t -> {
                            var mine = new long[t.n];
                            int m = 0;
                            for (int i = 0; i < t.n; i++) {
                                if (t.kinds[i] == kind) {
                                    mine[m++] = t.latencies[i];
                                }
                            }
                            return Arrays.stream(mine, 0, m);
                        })
                        .toArray();
            }
            String firstError = tallies.stream()
                    .map(t -> t.firstError)
                    .filter(e -> e != null)
                    .findFirst()
                    .orElse(null);
            if (firstError != null) {
                out.println("  first error: " + firstError);
            }
            long sent = tallies.stream().mapToLong(t -> t.sent).sum();
            return new Stats(
                    all.length / duration,
                    ms(percentile(all, 0.50)),
                    ms(percentile(all, 0.90)),
                    ms(percentile(all, 0.99)),
                    ms(all.length == 0 ? 0 : all[all.length - 1]),
                    all.length,
                    tallies.stream().mapToLong(t -> t.errors).sum(),
                    tallies.stream().mapToLong(t -> t.found).sum(),
                    tallies.stream().mapToLong(t -> t.refine).sum(),
                    tallies.stream().mapToLong(t -> t.unsent).sum(),
                    used.jvm() / 1e3 / sent,
                    used.postgres() / 1e3 / sent,
                    used.busy(),
                    ms((long) Arrays.stream(all).average().orElse(0)),
                    server,
                    byKind);
        }

        /** One client: its own HTTP client and session, the probes as ready-made requests. */
        private final class Client {
            private final int number;
            private final HttpClient http;
            private final List<HttpRequest> requests;
            private int next;

            Client(int number, String cookie) {
                this.number = number;
                this.http = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(10))
                        .build();
                this.requests = probes.stream()
                        .map(p -> HttpRequest.newBuilder(
                                        URI.create("http://localhost:" + port + "/api/v1/children?" + query(p.input())))
                                .header("Cookie", cookie)
                                .header("Accept", "application/json")
                                .timeout(Duration.ofSeconds(30))
                                .GET()
                                .build())
                        .toList();
                // Each client starts at a different probe, so that they do not search for the same child together.
                this.next = number * probes.size() / clients;
            }

            Tally run(long startAt, long recordFrom, long end, long interval, int clients) {
                Tally t = new Tally();
                long first = startAt + (interval == 0 ? 0 : interval * number / clients);
                // A paced schedule that has fallen this far behind stops, and the searches it did not send are counted.
                long giveUp = end + 5_000_000_000L;
                for (long k = 0; ; k++) {
                    long due;
                    if (interval == 0) {
                        due = System.nanoTime();
                        if (due < startAt) {
                            LockSupport.parkNanos(startAt - due);
                            due = System.nanoTime();
                        }
                    } else {
                        due = first + k * interval;
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                    }
                    if (due >= end) {
                        break;
                    }
                    if (System.nanoTime() > giveUp) {
                        t.unsent += (end - due) / interval;
                        break;
                    }
                    int p = next;
                    next = (next + 1) % requests.size();
                    int status;
                    String body;
                    try {
                        var response = http.send(requests.get(p), HttpResponse.BodyHandlers.ofString());
                        status = response.statusCode();
                        body = response.body();
                    } catch (IOException e) {
                        status = -1;
                        body = e.toString();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return t;
                    }
                    long done = System.nanoTime();
                    t.sent++;
                    if (status == 200 || status == 400) {
                        t.answered++; // both are audited
                    }
                    if (due < recordFrom) {
                        continue;
                    }
                    t.add(done - due, probes.get(p).kind());
                    if (status != 200) {
                        t.errors++;
                        if (t.firstError == null) {
                            t.firstError =
                                    "HTTP " + status + " for " + requests.get(p).uri() + ": " + body;
                        }
                    } else if (body.startsWith("{\"outcome\":\"FOUND\"")) {
                        t.found++;
                    } else if (body.startsWith("{\"outcome\":\"REFINE\"")) {
                        t.refine++;
                    } else {
                        t.errors++;
                        if (t.firstError == null) {
                            t.firstError = "unexpected body " + body;
                        }
                    }
                }
                return t;
            }
        }

        /**
         * Times one misuse scan (the detector runs one a minute, re-reading the days of the events it has not yet
         * seen), as part of what the audit costs at this rate.
         */
        private void misuseScan() {
            long events = jdbc.sql("select count(*) from audit_event")
                    .query(Long.class)
                    .single();
            List<Long> backends = jdbc.sql("select pid from pg_stat_activity where datname = current_database()")
                    .query(Long.class)
                    .list();
            // One event after the last scan's position, so that this scan has something new, as it would under load.
            var searcher =
                    new ChildSearch.Searcher(new SearchBenchData.BenchUser(0, "bench.inprocess"), "127.0.0.1", "bench");
            search.search(probes.getFirst().input(), searcher);
            var detector = context.getBean(MisuseDetector.class);
            Cpu before = Cpu.now(backends);
            long thread = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            long start = System.nanoTime();
            int alerts = detector.scan().size();
            long wall = System.nanoTime() - start;
            thread = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - thread;
            Cpu used = Cpu.now(backends).minus(before);
            out.printf(
                    "misuse scan (one a minute) over %,d audit events: %,.0f ms, of which JVM %,.0f ms and PostgreSQL"
                            + " %,.0f ms CPU; %d new alerts%n",
                    events, wall / 1e6, thread / 1e6, used.postgres() / 1e6, alerts);
        }

        void summary(SearchBenchData.Rebuild rebuilt, double rebuildSeconds, long rebuildPeak) {
            out.println();
            out.printf(
                    "=== %,d children, %d clients, %d rounds of %.0f s per phase (medians over rounds) ===%n",
                    rebuilt.indexed(),
                    clients,
                    results.values().iterator().next().size(),
                    seconds);
            Map<Phase, Stats> medians = new LinkedHashMap<>();
            results.forEach((phase, list) -> {
                Stats m = new Stats(
                        median(list, Stats::throughput),
                        median(list, Stats::p50),
                        median(list, Stats::p90),
                        median(list, Stats::p99),
                        median(list, Stats::max),
                        list.stream().mapToLong(Stats::count).sum(),
                        list.stream().mapToLong(Stats::errors).sum(),
                        list.stream().mapToLong(Stats::found).sum(),
                        list.stream().mapToLong(Stats::refine).sum(),
                        list.stream().mapToLong(Stats::unsent).sum(),
                        median(list, Stats::jvmCpu),
                        median(list, Stats::postgresCpu),
                        median(list, Stats::machineBusy),
                        median(list, Stats::mean),
                        null,
                        null);
                medians.put(phase, m);
                out.printf(
                        "%-24s %,7.0f searches/s  p50 %5.1f  p90 %5.1f  p99 %6.1f  max %6.1f ms"
                                + "  cpu/search: JVM %4.0f µs, PostgreSQL %4.0f µs; machine %3.0f%% busy"
                                + "  (%,d searches in all: %,d FOUND, %,d REFINE, %,d errors)%n",
                        phase.label(rate),
                        m.throughput(),
                        m.p50(),
                        m.p90(),
                        m.p99(),
                        m.max(),
                        m.jvmCpu(),
                        m.postgresCpu(),
                        m.machineBusy(),
                        m.count(),
                        m.found(),
                        m.refine(),
                        m.errors());
            });
            for (Load load : Load.values()) {
                Phase on = new Phase(load, true);
                for (int k = 0; k < SearchBenchData.KINDS.size(); k++) {
                    int kind = k;
                    long[] all = results.get(on).stream()
                            .flatMapToLong(s -> Arrays.stream(s.byKind()[kind]))
                            .sorted()
                            .toArray();
                    out.printf(
                            "  %s, %s: p50 %.1f ms, p99 %.1f ms (all rounds)%n",
                            on.label(rate),
                            SearchBenchData.KINDS.get(kind),
                            ms(percentile(all, 0.5)),
                            ms(percentile(all, 0.99)));
                }
            }
            Stats closedOn = medians.get(new Phase(Load.CLOSED, true));
            Stats closedOff = medians.get(new Phase(Load.CLOSED, false));
            Stats pacedOn = medians.get(new Phase(Load.PACED, true));
            Stats pacedOff = medians.get(new Phase(Load.PACED, false));
            out.printf(
                    "audit on/off: paced %,.0f/s p50 %.2fx, p99 %.2fx; closed p50 %.2fx, throughput %.2fx%n",
                    rate,
                    pacedOn.p50() / pacedOff.p50(),
                    pacedOn.p99() / pacedOff.p99(),
                    closedOn.p50() / closedOff.p50(),
                    closedOn.throughput() / closedOff.throughput());
            double bare = SearchBenchData.median(
                    inProcess.stream().mapToDouble(r -> r[0]).toArray());
            double ranking = SearchBenchData.median(
                    inProcess.stream().mapToDouble(r -> r[1]).toArray());
            double withAudit = SearchBenchData.median(
                    inProcess.stream().mapToDouble(r -> r[2]).toArray());
            double withAutomata = SearchBenchData.median(
                    inProcess.stream().mapToDouble(r -> r[3]).toArray());
            out.printf(
                    "in process, same index: bare Lucene %.0f µs, service ranking %.0f µs per query: %.2fx;"
                            + " ChildSearch.search with its audit write %.0f µs; HTTP paced p50 %.1f ms = %.1fx bare;"
                            + " bare Lucene with fuzzy automata instead of slips %.0f µs (%.2fx)%n",
                    bare,
                    ranking,
                    ranking / bare,
                    withAudit,
                    pacedOn.p50(),
                    pacedOn.p50() * 1000 / bare,
                    withAutomata,
                    withAutomata / bare);
            out.printf(
                    "rebuild: %,d children in %.1f s (median), peak heap %,d MB; peak heap under load %,d MB;"
                            + " heap after GC %,d MB; process RSS %s, peak %s (max heap %,d MB)%n",
                    rebuilt.indexed(),
                    rebuildSeconds,
                    rebuildPeak >> 20,
                    peakHeapUnderLoad >> 20,
                    heapAfterGc() >> 20,
                    procStatus("VmRSS"),
                    procStatus("VmHWM"),
                    Runtime.getRuntime().maxMemory() >> 20);
            long events = jdbc.sql("select count(*) from audit_event where action = 'SEARCH'"
                            + " and actor_username like 'bench.practitioner%'")
                    .query(Long.class)
                    .single();
            long unchained = jdbc.sql("select count(*) from audit_event where entry_hash is null")
                    .query(Long.class)
                    .single();
            out.printf(
                    "audit: %,d SEARCH events for %,d searches answered over HTTP with the audit on (%s);"
                            + " %,d events not yet chained%n",
                    events, auditedSearches, events == auditedSearches ? "one each" : "MISMATCH", unchained);
            misuseScan();
            out.printf(
                    "targets: p99 <= 20 ms at %,.0f/s: %s (%.1f ms); >= 1,000 searches/s closed: %s (%,.0f/s);"
                            + " ranking <= 2x bare: %s (%.2fx); rebuild <= 120 s: %s (%.1f s);"
                            + " audit adds <= 10%% at %,.0f/s: %s (p50 +%.0f%%, p99 +%.0f%%)%n",
                    rate,
                    yes(pacedOn.p99() <= 20),
                    pacedOn.p99(),
                    yes(closedOn.throughput() >= 1000),
                    closedOn.throughput(),
                    yes(ranking <= 2 * bare),
                    ranking / bare,
                    yes(rebuildSeconds <= 120),
                    rebuildSeconds,
                    rate,
                    yes(pacedOn.p50() <= 1.1 * pacedOff.p50() && pacedOn.p99() <= 1.1 * pacedOff.p99()),
                    100 * (pacedOn.p50() / pacedOff.p50() - 1),
                    100 * (pacedOn.p99() / pacedOff.p99() - 1));
        }
    }

    /**
     * CPU time used so far, in ns: this JVM (server and clients), the PostgreSQL backends serving this benchmark's
     * database, and the whole machine (busy and total, all cores) to show how much else was running.
     */
    record Cpu(long jvm, long postgres, long machineBusy, long machineTotal) {
        private static final long TICK = 10_000_000L; // USER_HZ = 100

        static Cpu now(List<Long> backends) {
            long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
            long pg = 0;
            for (long pid : backends) {
                try {
                    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    pg += (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK;
                } catch (IOException | RuntimeException e) {
                    // a backend that has gone (or another host's PostgreSQL): not counted
                }
            }
            long busy = 0;
            long total = 0;
            try {
                String[] f =
                        Files.readAllLines(Path.of("/proc/stat")).getFirst().split("\\s+");
                for (int i = 1; i < f.length && i <= 8; i++) {
                    long v = Long.parseLong(f[i]) * TICK;
                    total += v;
                    if (i != 4 && i != 5) {
                        busy += v; // all but idle and iowait
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not Linux
            }
            return new Cpu(jvm, pg, busy, total);
        }

        Cpu minus(Cpu earlier) {
            return new Cpu(
                    jvm - earlier.jvm,
                    postgres - earlier.postgres,
                    machineBusy - earlier.machineBusy,
                    machineTotal - earlier.machineTotal);
        }

        double busy() {
            return machineTotal == 0 ? 0 : 100.0 * machineBusy / machineTotal;
        }
    }

    /**
     * The server's own view from its Micrometer meters: the search API's requests (count, total time) and the
     * connection pool's acquisitions (count, time waiting) and usage (count, time held).
     */
    record Meters(long requests, double requestNanos, long acquires, double acquireNanos, long uses, double useNanos) {
        static Meters now(MeterRegistry registry) {
            var api = registry.find("http.server.requests")
                    .tag("uri", "/api/v1/children")
                    .timers();
            var acquire = registry.find("hikaricp.connections.acquire").timers();
            var usage = registry.find("hikaricp.connections.usage").timers();
            return new Meters(
                    api.stream().mapToLong(Timer::count).sum(),
                    api.stream()
                            .mapToDouble(t -> t.totalTime(TimeUnit.NANOSECONDS))
                            .sum(),
                    acquire.stream().mapToLong(Timer::count).sum(),
                    acquire.stream()
                            .mapToDouble(t -> t.totalTime(TimeUnit.NANOSECONDS))
                            .sum(),
                    usage.stream().mapToLong(Timer::count).sum(),
                    usage.stream()
                            .mapToDouble(t -> t.totalTime(TimeUnit.NANOSECONDS))
                            .sum());
        }

        Meters minus(Meters earlier) {
            return new Meters(
                    requests - earlier.requests,
                    requestNanos - earlier.requestNanos,
                    acquires - earlier.acquires,
                    acquireNanos - earlier.acquireNanos,
                    uses - earlier.uses,
                    useNanos - earlier.useNanos);
        }

        double serverMean() {
            return requests == 0 ? 0 : requestNanos / requests / 1e6;
        }

        double acquiresPer(double searches) {
            return searches == 0 ? 0 : acquires / searches;
        }

        double waitMicros() {
            return acquires == 0 ? 0 : acquireNanos / acquires / 1e3;
        }

        double heldMicros() {
            return uses == 0 ? 0 : useNanos / uses / 1e3;
        }
    }

    /** What one client saw in one phase. */
    private static final class Tally {
        long[] latencies = new long[4096];
        byte[] kinds = new byte[4096];
        int n;
        long errors;
        long found;
        long refine;
        long unsent;
        long answered;
        long sent;
        String firstError;

        void add(long nanos, int kind) {
            if (n == latencies.length) {
                latencies = Arrays.copyOf(latencies, n * 2);
                kinds = Arrays.copyOf(kinds, n * 2);
            }
            latencies[n] = nanos;
            kinds[n++] = (byte) kind;
        }
    }

    static String query(SearchCriteria.Input in) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("familyName", in.familyName());
        params.put("givenName", in.givenName());
        params.put("dateOfBirth", in.dateOfBirth());
        params.put("postcode", in.postcode());
        return params.entrySet().stream()
                .filter(e -> e.getValue() != null)
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * p) - 1)];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static double median(List<Stats> list, java.util.function.ToDoubleFunction<Stats> f) {
        return SearchBenchData.median(list.stream().mapToDouble(f).toArray());
    }

    private static String yes(boolean met) {
        return met ? "met" : "MISSED";
    }

    private static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .toList();
    }

    private static long heapAfterGc() {
        System.gc();
        var usage = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return usage.getUsed();
    }

    private static String procStatus(String field) {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith(field + ":"))
                    .map(l -> String.format("%,d MB", Long.parseLong(l.replaceAll("[^0-9]", "")) >> 10))
                    .findFirst()
                    .orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }
}
