package uk.contactpoint.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import uk.contactpoint.access.AccessAdministration;
import uk.contactpoint.access.Role;
import uk.contactpoint.feeds.FeedLoader;
import uk.contactpoint.feeds.Sources;
import uk.contactpoint.generator.SyntheticFeeds;
import uk.contactpoint.kernel.SourceCode;
import uk.contactpoint.matching.NameVariants;
import uk.contactpoint.testing.Oathtool;
import uk.contactpoint.testing.WebClient;

/**
 * Search end to end on a real database: generated feeds loaded through the real loader, the index following the real
 * change log, and searches over HTTP as a signed-in practitioner (password and TOTP). Subclasses choose H2 or
 * PostgreSQL.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class SearchIT {

    static final long SEED = Long.getLong("tests.seed", 20261125L);
    static final int CHILDREN = 1_500;
    static final String PASSWORD = "search test passphrase";
    static final String SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    static final JsonMapper json = JsonMapper.builder().build();
    static final List<Sources.Source> SOURCES = List.of(
            new Sources.Source(new SourceCode("nhs-pds"), "Health", Sources.Kind.HEALTH),
            new Sources.Source(new SourceCode("hmrc-child-benefit"), "Benefit", Sources.Kind.BENEFIT),
            new Sources.Source(new SourceCode("dfe-school-census"), "Census", Sources.Kind.SCHOOL_CENSUS),
            new Sources.Source(new SourceCode("la-social-care"), "Social care", Sources.Kind.LOCAL_AUTHORITY));

    /** Signed in once per server: a TOTP code is accepted once. */
    static final Map<Integer, WebClient> browsers = new ConcurrentHashMap<>();

    static Path generated;

    @LocalServerPort
    int port;

    @Autowired
    FeedLoader loader;

    @Autowired
    Sources sources;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    SearchIndex index;

    @Autowired
    AccessAdministration access;

    @Autowired
    SearchProperties properties;

    WebClient browser;

    record Kid(long id, String childId, String given, String family, LocalDate dob, String postcode, String town) {}

    static synchronized Path generated() throws IOException {
        if (generated == null) {
            generated = Files.createTempDirectory("search-it");
            SyntheticFeeds.write(
                    new SyntheticFeeds.Options(CHILDREN, SEED, SyntheticFeeds.DEFAULT_AS_OF, 1.0), generated, l -> {});
        }
        return generated;
    }

    @BeforeEach
    void loadAndSignIn() throws IOException {
        SOURCES.forEach(sources::register);
        if (count("select count(*) from source_record") == 0) {
            for (var source : SOURCES) {
                loader.load(source.code(), generated().resolve(source.code().value() + ".csv"));
            }
        }
        awaitCaughtUp();
        browser = browsers.computeIfAbsent(port, p -> {
            Oathtool.require();
            access.ensureOrganisation(new AccessAdministration.NewOrganisation(
                    "383", "Leeds City Council", AccessAdministration.OrganisationKind.LOCAL_AUTHORITY, "383"));
            access.ensureUser(new AccessAdministration.NewUser(
                    "sally.search",
                    "Sally Search",
                    "383",
                    PASSWORD,
                    SECRET,
                    LocalDate.now().minusYears(1),
                    LocalDate.now().minusMonths(3),
                    Set.of(Role.PRACTITIONER)));
            var client = new WebClient(p);
            assertThat(client.signIn("sally.search", PASSWORD, SECRET).body()).contains("Sally Search");
            return client;
        });
    }

    void awaitCaughtUp() {
        long head = count("select coalesce(max(seq), 0) from change_log");
        await(() -> index.ready() && index.position() >= head, 60_000, "the index catches up");
    }

    static long await(BooleanSupplier condition, long millis, String what) {
        long start = System.nanoTime();
        while (!condition.getAsBoolean()) {
            if ((System.nanoTime() - start) / 1_000_000 > millis) {
                throw new AssertionError("timed out after " + millis + " ms waiting until " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    long count(String sql, Object... params) {
        var spec = jdbc.sql(sql);
        for (Object p : params) {
            spec = spec.param(p);
        }
        return spec.query(Long.class).single();
    }

    List<Kid> kids(String where) {
        return jdbc.sql("select id, child_id, given_names, family_name, date_of_birth, postcode, town from child"
                        + " where state = 'ACTIVE' and not shielded and " + where + " order by id")
                .query((rs, n) -> new Kid(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getObject(5, LocalDate.class),
                        rs.getString(6),
                        rs.getString(7)))
                .list();
    }

    /** Calls the search API with the given parameters (name, value, name, value...). */
    HttpResponse<String> api(String... params) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            map.put(params[i], params[i + 1]);
        }
        String query = map.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return browser.get("/api/v1/children?" + query);
    }

    JsonNode search(String... params) {
        var response = api(params);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    static List<String> ids(JsonNode body) {
        return StreamSupport.stream(body.get("results").spliterator(), false)
                .map(r -> r.get("childId").asString().replace("-", ""))
                .toList();
    }

    static String dob(Kid kid) {
        return kid.dob().toString();
    }

    /** One letter changed in the middle of a name: a typing slip the search must tolerate. */
    static String typo(String name) {
        char[] chars = name.toCharArray();
        int i = chars.length / 2;
        chars[i] = chars[i] == 'e' ? 'a' : 'e';
        return new String(chars);
    }

    /** What the LA team's shielding does to the directory: the flag, and a change in the same transaction. */
    void shield(long id) {
        transactions.executeWithoutResult(tx -> {
            jdbc.sql("update child set shielded = true where id = ?").param(id).update();
            changed(id, "SHIELDED");
        });
    }

    void changed(long id, String kind) {
        jdbc.sql("insert into change_log (child_id, kind, occurred_at) values (?, ?, ?)")
                .param(id)
                .param(kind)
                .param(OffsetDateTime.now(ZoneOffset.UTC))
                .update();
    }

    /** The records the tests have renamed, so that no two tests rename the same child. */
    static final Set<String> renamed = ConcurrentHashMap.newKeySet();

    /** A generated health record with one field changed, loaded as a new file. */
    Kid changeFamilyName(String newFamilyName) throws IOException {
        List<String> lines = Files.readAllLines(generated().resolve("nhs-pds.csv"));
        String header = lines.getFirst();
        List<String> columns = List.of(header.split(","));
        // A record that is its child's only one, so that the renamed record stays with its child rather than being
        // matched afresh (where a renamed record may rightly become a possible match for review), of a live child
        // that no other test has archived or shielded. Chosen by the test's seed, so a failure replays.
        var random = new java.util.Random(SEED ^ newFamilyName.hashCode());
        String row = null;
        String recordId = null;
        for (int attempt = 0; attempt < 10_000 && row == null; attempt++) {
            String candidate = lines.get(1 + random.nextInt(lines.size() - 1));
            String id = candidate.substring(0, candidate.indexOf(','));
            long others = count("""
                    select count(*) from source_link l join source_record r on r.id = l.source_record_id
                    join child c on c.id = l.child_id and c.state = 'ACTIVE' and not c.shielded
                    where l.match_result = 'MATCH' and r.state = 'ACTIVE' and l.child_id = (
                        select l2.child_id from source_link l2 join source_record r2 on r2.id = l2.source_record_id
                        where l2.match_result = 'MATCH' and r2.source_code = 'nhs-pds' and r2.record_id = ?)""", id);
            if (others == 1 && !renamed.contains(id)) {
                row = candidate;
                recordId = id;
            }
        }
        assertThat(row).as("a health record that is its child's only record").isNotNull();
        renamed.add(recordId);
        List<String> cells = new ArrayList<>(List.of(row.split(",", -1)));
        cells.set(columns.indexOf("family_name"), newFamilyName);
        cells.set(columns.indexOf("former_family_names"), "");
        Path file = Files.createTempFile(generated(), "change-", ".csv");
        Files.writeString(file, header + "\n" + String.join(",", cells) + "\n");
        assertThat(loader.load(new SourceCode("nhs-pds"), file).updated()).isEqualTo(1);
        return jdbc.sql("""
                        select c.id, c.child_id, c.given_names, c.family_name, c.date_of_birth, c.postcode, c.town
                        from child c join source_link l on l.child_id = c.id and l.match_result = 'MATCH'
                        join source_record r on r.id = l.source_record_id
                        where r.source_code = 'nhs-pds' and r.record_id = ?""")
                .param(recordId)
                .query((rs, n) -> new Kid(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getObject(5, LocalDate.class),
                        rs.getString(6),
                        rs.getString(7)))
                .single();
    }

    @Test
    void a_committed_change_is_searchable_within_one_second() throws IOException {
        Kid kid = changeFamilyName("Quennevillet");
        long millis = await(
                () -> ids(search("familyName", "Quennevillet", "dateOfBirth", dob(kid)))
                        .contains(kid.childId()),
                5_000,
                "the renamed child is found");
        assertThat(millis).as("milliseconds from commit to search").isLessThanOrEqualTo(1_000);
    }

    @Test
    void a_change_that_commits_after_a_later_one_is_still_applied_within_one_second() throws Exception {
        List<Kid> two = kids("nhs_number is not null");
        Kid early = two.get(20);
        Kid late = two.get(21);
        var inserted = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        // The slow transaction takes its change-log number first and commits last.
        var slow = CompletableFuture.runAsync(() -> transactions.executeWithoutResult(tx -> {
            jdbc.sql("update child set family_name = 'Latecomerova' where id = ?")
                    .param(late.id())
                    .update();
            changed(late.id(), "UPDATED");
            inserted.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        assertThat(inserted.await(10, TimeUnit.SECONDS)).isTrue();
        transactions.executeWithoutResult(tx -> {
            jdbc.sql("update child set family_name = 'Earlybirdson' where id = ?")
                    .param(early.id())
                    .update();
            changed(early.id(), "UPDATED");
        });
        await(
                () -> ids(search("familyName", "Earlybirdson", "dateOfBirth", dob(early)))
                        .contains(early.childId()),
                1_000,
                "the later number, committed first, is applied");
        release.countDown();
        slow.get(10, TimeUnit.SECONDS);
        await(
                () -> ids(search("familyName", "Latecomerova", "dateOfBirth", dob(late)))
                        .contains(late.childId()),
                1_000,
                "the earlier number, committed last, is applied too");
    }

    @Test
    void after_a_crash_the_index_catches_up_from_its_last_commit_by_itself() throws IOException {
        index.halt();
        Kid kid;
        try {
            kid = changeFamilyName("Abernethyson");
        } finally {
            index.start();
        }
        awaitCaughtUp();
        assertThat(ids(search("familyName", "Abernethyson", "dateOfBirth", dob(kid))))
                .containsExactly(kid.childId());
    }

    @Test
    void a_rebuild_makes_a_new_index_that_the_running_one_switches_to() throws IOException {
        Path indexDir = properties.indexDir().toAbsolutePath();
        String before =
                Files.readString(indexDir.resolve(IndexGenerations.CURRENT)).strip();
        long[] progress = {0};
        var rebuilt = index.rebuild((done, total) -> progress[0] = done);
        assertThat(rebuilt.indexed())
                .isEqualTo(count("select count(*) from child where state in ('ACTIVE', 'UNKNOWN_TO_SOURCES')"));
        assertThat(progress[0]).isEqualTo(count("select count(*) from child"));
        assertThat(rebuilt.generation().getFileName().toString()).isNotEqualTo(before);
        await(
                () -> !Files.exists(indexDir.resolve(before)),
                5_000,
                "the running index switches and deletes the old generation");
        awaitCaughtUp();
        Kid kid = kids("nhs_number is not null").getFirst();
        assertThat(ids(search("familyName", kid.family(), "dateOfBirth", dob(kid))))
                .contains(kid.childId());
    }

    @Test
    void a_typo_a_nickname_a_former_name_and_one_part_of_a_hyphenated_name_find_the_child() {
        NameVariants variants = NameVariants.standard();
        Kid typed =
                kids("length(family_name) >= 6 and family_name not like '%-%'").getFirst();
        assertThat(ids(search("familyName", typo(typed.family()), "dateOfBirth", dob(typed))))
                .contains(typed.childId());

        Kid nicknamed = kids("given_names not like '% %'").stream()
                .filter(k -> !variants.variantsOf(k.given()).isEmpty())
                .findFirst()
                .orElseThrow();
        String nickname = variants.variantsOf(nicknamed.given()).getFirst();
        var found = ids(search("familyName", nicknamed.family(), "givenName", nickname, "dateOfBirth", dob(nicknamed)));
        assertThat(found).first().isEqualTo(nicknamed.childId());

        Kid renamed = kids("id in (select child_id from child_former_name)").getFirst();
        String former = jdbc.sql("select family_name from child_former_name where child_id = ? order by id")
                .param(renamed.id())
                .query(String.class)
                .list()
                .getFirst();
        assertThat(ids(search("familyName", former, "givenName", renamed.given(), "dateOfBirth", dob(renamed))))
                .contains(renamed.childId());

        Kid hyphenated = kids("family_name like '%_-_%'").getFirst();
        String part = hyphenated.family().substring(hyphenated.family().indexOf('-') + 1);
        assertThat(ids(search("familyName", part, "dateOfBirth", dob(hyphenated))))
                .contains(hyphenated.childId());
    }

    @Test
    void a_transposed_date_of_birth_a_postcode_without_its_space_or_its_district_find_the_child() {
        Kid kid = kids("extract(day from date_of_birth) <= 12 and extract(day from date_of_birth) <>"
                        + " extract(month from date_of_birth) and postcode is not null")
                .getFirst();
        LocalDate swapped = LocalDate.of(
                kid.dob().getYear(), kid.dob().getDayOfMonth(), kid.dob().getMonthValue());
        assertThat(ids(search("familyName", kid.family(), "givenName", kid.given(), "dateOfBirth", swapped.toString())))
                .contains(kid.childId());
        var byPostcode = search(
                "familyName",
                kid.family(),
                "postcode",
                kid.postcode().replace(" ", "").toLowerCase());
        assertThat(ids(byPostcode)).contains(kid.childId());
        assertThat(byPostcode.get("results").get(0).get("town").asString()).isNotBlank();
        String district = kid.postcode().substring(0, kid.postcode().indexOf(' '));
        assertThat(ids(search("familyName", kid.family(), "givenName", kid.given(), "postcode", district)))
                .contains(kid.childId());
        assertThat(ids(search(
                        "familyName",
                        kid.family(),
                        "birthYear",
                        String.valueOf(kid.dob().getYear()),
                        "givenName",
                        kid.given())))
                .contains(kid.childId());
    }

    @Test
    void more_than_ten_matching_children_ask_to_refine_and_show_no_list() {
        var row = jdbc.sql("""
                        select family_name, extract(year from date_of_birth) from child where state = 'ACTIVE'
                        group by family_name, extract(year from date_of_birth) order by count(*) desc
                        fetch first 1 rows only""")
                .query((rs, n) -> List.of(rs.getString(1), String.valueOf(rs.getInt(2))))
                .single();
        assertThat(count(
                        "select count(*) from child where family_name = ? and extract(year from date_of_birth) = ?",
                        row.get(0),
                        Integer.parseInt(row.get(1))))
                .as("generated data has a family name and birth year shared by more than ten children")
                .isGreaterThan(10);
        var body = search("familyName", row.get(0), "birthYear", row.get(1));
        assertThat(body.get("outcome").asString()).isEqualTo("REFINE");
        assertThat(body.get("results").size()).isZero();
        assertThat(body.get("message").asString()).contains("More than 10");
        assertThat(body.toString()).doesNotContain("CP");
        String page = browser.get("/search?familyName=" + row.get(0) + "&dobYear=" + row.get(1))
                .body();
        assertThat(page).contains("Refine your search").doesNotContain("govuk-table__body");
    }

    @Test
    void a_shielded_child_is_never_found_by_postcode_and_is_shown_without_its_town() {
        Kid kid = kids("postcode is not null and town is not null and nhs_number is not null")
                .get(3);
        String district = kid.postcode().substring(0, kid.postcode().indexOf(' '));
        assertThat(ids(search("familyName", kid.family(), "postcode", kid.postcode())))
                .contains(kid.childId());
        shield(kid.id());
        await(
                () -> !ids(search("familyName", kid.family(), "postcode", kid.postcode()))
                        .contains(kid.childId()),
                1_000,
                "the shielded child drops out of postcode searches");
        for (String postcode : List.of(kid.postcode(), kid.postcode().replace(" ", ""), district)) {
            assertThat(ids(search("familyName", kid.family(), "givenName", kid.given(), "postcode", postcode)))
                    .as("found by " + postcode)
                    .doesNotContain(kid.childId());
        }
        var byName = search("familyName", kid.family(), "givenName", kid.given(), "dateOfBirth", dob(kid));
        JsonNode shown = StreamSupport.stream(byName.get("results").spliterator(), false)
                .filter(r -> r.get("childId").asString().replace("-", "").equals(kid.childId()))
                .findFirst()
                .orElseThrow();
        assertThat(shown.propertyNames())
                .containsExactly("childId", "givenNames", "familyName", "gender", "dateOfBirth");
        assertThat(byName.toString()).doesNotContain(kid.town()).doesNotContain(kid.postcode());
        String page = browser.get("/search?familyName=" + URLEncoder.encode(kid.family(), StandardCharsets.UTF_8)
                        + "&givenName=" + URLEncoder.encode(kid.given(), StandardCharsets.UTF_8) + "&dobDay="
                        + kid.dob().getDayOfMonth() + "&dobMonth=" + kid.dob().getMonthValue() + "&dobYear="
                        + kid.dob().getYear())
                .body();
        assertThat(page).contains(kid.childId().substring(2, 6)).doesNotContain(">" + kid.town() + "<");
        // By its NHS number, exact: still only what a shielded record may show.
        String nhs = jdbc.sql("select nhs_number from child where id = ?")
                .param(kid.id())
                .query(String.class)
                .single();
        var byNhs = search("nhsNumber", nhs);
        assertThat(ids(byNhs)).containsExactly(kid.childId());
        assertThat(byNhs.get("results").get(0).has("town")).isFalse();
    }

    @Test
    void a_merged_or_archived_child_leaves_the_index() {
        Kid kid = kids("nhs_number is not null").get(5);
        String nhs = jdbc.sql("select nhs_number from child where id = ?")
                .param(kid.id())
                .query(String.class)
                .single();
        assertThat(ids(search("nhsNumber", nhs))).containsExactly(kid.childId());
        transactions.executeWithoutResult(tx -> {
            jdbc.sql("update child set state = 'ARCHIVED' where id = ?")
                    .param(kid.id())
                    .update();
            changed(kid.id(), "ARCHIVED");
        });
        await(() -> ids(search("nhsNumber", nhs)).isEmpty(), 1_000, "the archived child leaves the index");
    }

    @Test
    void criteria_below_the_minimum_are_refused_as_problem_json_naming_the_field() {
        var response = api("familyName", "Smith");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        var problem = json.readTree(response.body());
        assertThat(problem.get("field").asString()).isEqualTo("dateOfBirth");
        assertThat(problem.get("detail").asString()).contains("Enter a family name and");
        assertThat(browser.get("/search?familyName=Smith").body())
                .contains("govuk-error-summary", "Enter a family name and");
    }

    @Test
    void every_search_writes_one_audit_event_with_its_criteria_the_count_and_the_ids_shown() {
        Kid kid = kids("nhs_number is not null").get(7);
        long before = count("select count(*) from audit_event where action = 'SEARCH'");
        var body = search("familyName", kid.family(), "givenName", kid.given(), "dateOfBirth", dob(kid));
        List<String> shown = ids(body);
        assertThat(shown).contains(kid.childId());
        api("familyName", "Smith");
        assertThat(count("select count(*) from audit_event where action = 'SEARCH'"))
                .isEqualTo(before + 2);
        var events = jdbc.sql("""
                        select actor_username, actor_role, subject_child_id, detail, outcome from audit_event
                        where action = 'SEARCH' order by seq desc fetch first 2 rows only""")
                .query((rs, n) -> List.of(
                        rs.getString(1),
                        rs.getString(2),
                        String.valueOf(rs.getString(3)),
                        rs.getString(4),
                        rs.getString(5)))
                .list();
        var found = events.get(1);
        assertThat(found.get(0)).isEqualTo("sally.search");
        assertThat(found.get(1)).isEqualTo("PRACTITIONER");
        assertThat(found.get(3))
                .contains("familyName=" + kid.family(), "dateOfBirth=" + kid.dob(), "outcome=FOUND")
                .contains("results=" + shown.size())
                .contains("shown=" + String.join(",", shown));
        assertThat(found.get(4)).isEqualTo("SUCCESS");
        if (shown.size() == 1) {
            assertThat(found.get(2)).isEqualTo(kid.childId());
        }
        var refused = events.get(0);
        assertThat(refused.get(3)).contains("refused", "familyName=Smith");
        assertThat(refused.get(4)).isEqualTo("REFUSED");
    }

    @Test
    void wildcards_short_names_and_partial_identifiers_cannot_enumerate_children() {
        Kid kid = kids("nhs_number is not null and upn is not null").getFirst();
        String nhs = jdbc.sql("select nhs_number from child where id = ?")
                .param(kid.id())
                .query(String.class)
                .single();
        String upn = jdbc.sql("select upn from child where id = ?")
                .param(kid.id())
                .query(String.class)
                .single();
        for (String[] attempt : List.of(
                new String[] {"familyName", "*", "birthYear", "2015"},
                new String[] {"familyName", "S*", "birthYear", "2015"},
                new String[] {"familyName", "%", "postcode", "LS6"},
                new String[] {"familyName", "Sm?th", "dateOfBirth", dob(kid)},
                new String[] {"familyName", "S", "birthYear", "2015"},
                new String[] {"familyName", kid.family(), "givenName", "*", "dateOfBirth", dob(kid)},
                new String[] {"nhsNumber", nhs.substring(0, 6)},
                new String[] {"nhsNumber", nhs.substring(0, 9) + "*"},
                new String[] {"upn", upn.substring(0, 8)},
                new String[] {"familyName", kid.family(), "ageFrom", "0", "ageTo", "17"},
                new String[] {"familyName", kid.family(), "postcode", "L"},
                new String[] {"givenName", kid.given(), "dateOfBirth", dob(kid)},
                new String[] {"postcode", "LS6 2AB"})) {
            var response = api(attempt);
            assertThat(response.statusCode())
                    .as(String.join(" ", attempt) + ": " + response.body())
                    .isEqualTo(400);
            assertThat(response.body()).doesNotContain("childId");
        }
        // An identifier with one digit changed finds nobody (or is refused by its check digit): exact only.
        String other = nhs.substring(0, 8) + ((nhs.charAt(8) - '0' + 1) % 10) + nhs.charAt(9);
        var near = api("nhsNumber", other);
        assertThat(near.statusCode() == 400 || ids(json.readTree(near.body())).isEmpty())
                .as(near.body())
                .isTrue();
    }

    @Test
    void probing_a_common_name_birth_year_by_birth_year_never_shows_more_than_ten() {
        String common = jdbc.sql("select family_name from child group by family_name order by count(*) desc"
                        + " fetch first 1 rows only")
                .query(String.class)
                .single();
        int refined = 0;
        for (int year = 2008; year <= 2026; year++) {
            var body = search("familyName", common, "birthYear", String.valueOf(year));
            assertThat(body.get("results").size()).isLessThanOrEqualTo(10);
            if (body.get("outcome").asString().equals("REFINE")) {
                refined++;
            }
        }
        assertThat(refined).as("years with too many " + common + "s to list").isPositive();
    }
}
