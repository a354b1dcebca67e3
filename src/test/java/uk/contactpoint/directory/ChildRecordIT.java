package uk.contactpoint.directory;

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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
import uk.contactpoint.access.AccessAdministration.OrganisationKind;
import uk.contactpoint.access.Role;
import uk.contactpoint.feeds.FeedLoader;
import uk.contactpoint.feeds.Sources;
import uk.contactpoint.generator.SyntheticFeeds;
import uk.contactpoint.kernel.SourceCode;
import uk.contactpoint.search.SearchIndex;
import uk.contactpoint.testing.Oathtool;
import uk.contactpoint.testing.WebClient;

/**
 * The child's record end to end over HTTP, as users with valid accounts who try to see more than the rules allow:
 * generated feeds through the real loader, search through the real index, each user signed in with password and
 * TOTP. Subclasses choose H2 or PostgreSQL.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class ChildRecordIT {

    static final long SEED = Long.getLong("tests.seed", 20261201L);
    static final String PASSWORD = "record test passphrase";
    static final String SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    static final JsonMapper json = JsonMapper.builder().build();
    static final List<Sources.Source> SOURCES = List.of(
            new Sources.Source(new SourceCode("nhs-pds"), "Health", Sources.Kind.HEALTH),
            new Sources.Source(new SourceCode("hmrc-child-benefit"), "Benefit", Sources.Kind.BENEFIT),
            new Sources.Source(new SourceCode("dfe-school-census"), "Census", Sources.Kind.SCHOOL_CENSUS),
            new Sources.Source(new SourceCode("la-social-care"), "Leeds social care", Sources.Kind.LOCAL_AUTHORITY),
            new Sources.Source(new SourceCode("mh-trust"), "Leeds CAMHS", Sources.Kind.LOCAL_AUTHORITY));

    /** Users of each kind, signed in once per server (a TOTP code is accepted once). */
    static final Map<String, WebClient> browsers = new ConcurrentHashMap<>();

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
    uk.contactpoint.audit.MisuseDetector misuse;

    record Kid(long id, String childId, String given, String family, LocalDate dob, String gender, String nhs) {
        /** From a row of id, child_id, given_names, family_name, date_of_birth, gender, nhs_number. */
        static Kid of(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
            return new Kid(
                    rs.getLong(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getObject(5, LocalDate.class),
                    rs.getString(6),
                    rs.getString(7));
        }
    }

    static synchronized Path generated() throws IOException {
        if (generated == null) {
            generated = Files.createTempDirectory("record-it");
            SyntheticFeeds.write(
                    new SyntheticFeeds.Options(600, SEED, SyntheticFeeds.DEFAULT_AS_OF, 1.0), generated, l -> {});
        }
        return generated;
    }

    @BeforeEach
    void load() throws IOException {
        access.ensureOrganisation(new AccessAdministration.NewOrganisation(
                "383", "Leeds City Council", OrganisationKind.LOCAL_AUTHORITY, "383"));
        access.ensureOrganisation(new AccessAdministration.NewOrganisation(
                "107001", "Mill Primary School", OrganisationKind.SCHOOL, "383"));
        access.ensureOrganisation(new AccessAdministration.NewOrganisation(
                "B86001", "Park Medical Practice", OrganisationKind.GP_PRACTICE, "383"));
        access.ensureOrganisation(
                new AccessAdministration.NewOrganisation("MH01", "Leeds CAMHS", OrganisationKind.HEALTH_TRUST, "383"));
        access.ensureOrganisation(new AccessAdministration.NewOrganisation(
                "WYP", "West Yorkshire Police", OrganisationKind.NATIONAL_PARTNER, null));
        access.ensureOrganisation(new AccessAdministration.NewOrganisation(
                "CPNAT", "ContactPoint national service", OrganisationKind.NATIONAL, null));
        SOURCES.forEach(sources::register);
        sources.runBy(new SourceCode("la-social-care"), "383");
        sources.runBy(new SourceCode("mh-trust"), "MH01");
        if (count("select count(*) from source_record") == 0) {
            for (var source : SOURCES.subList(0, 4)) {
                loader.load(source.code(), generated().resolve(source.code().value() + ".csv"));
            }
        }
        awaitCaughtUp();
    }

    void ensureUser(String username, String organisation, Role role) {
        access.ensureUser(new AccessAdministration.NewUser(
                username,
                username,
                organisation,
                PASSWORD,
                SECRET,
                LocalDate.now().minusYears(1),
                LocalDate.now().minusMonths(3),
                Set.of(role)));
    }

    WebClient as(String username, String organisation, Role role) {
        return browsers.computeIfAbsent(port + "/" + username, key -> {
            Oathtool.require();
            ensureUser(username, organisation, role);
            var client = new WebClient(port);
            assertThat(client.signIn(username, PASSWORD, SECRET).statusCode()).isEqualTo(200);
            return client;
        });
    }

    WebClient teacher() {
        return as("rita.teacher", "107001", Role.PRACTITIONER);
    }

    WebClient gp() {
        return as("gita.gp", "B86001", Role.PRACTITIONER_VIEW_ONLY);
    }

    WebClient team() {
        return as("tara.team", "383", Role.LA_TEAM);
    }

    WebClient police() {
        return as("pat.police", "WYP", Role.CHILD_PROTECTION_OVERRIDE);
    }

    WebClient camhs() {
        return as("cara.camhs", "MH01", Role.PRACTITIONER);
    }

    void awaitCaughtUp() {
        long head = count("select coalesce(max(seq), 0) from change_log");
        long start = System.nanoTime();
        while (!(index.ready() && index.position() >= head)) {
            assertThat((System.nanoTime() - start) / 1_000_000)
                    .as("the index catches up")
                    .isLessThan(60_000);
            sleep(20);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    long count(String sql, Object... params) {
        var spec = jdbc.sql(sql);
        for (Object p : params) {
            spec = spec.param(p);
        }
        return spec.query(Long.class).single();
    }

    /**
     * A live, unshielded child with an address, carers and services, picked by position so tests do not share; Leeds
     * children (the test team's authority) first.
     */
    Kid kid(int which) {
        return jdbc.sql("""
                        select c.id, c.child_id, c.given_names, c.family_name, c.date_of_birth, c.gender, c.nhs_number
                        from child c where c.state = 'ACTIVE' and not c.shielded and c.postcode is not null
                            and c.nhs_number is not null
                            and exists (select 1 from carer k where k.child_id = c.id)
                            and exists (select 1 from involvement i where i.child_id = c.id)
                        order by case when c.local_authority_code = '383' then 0 else 1 end, c.id""").query(Kid::of).list().get(which);
    }

    static String formatted(Kid kid) {
        return new uk.contactpoint.kernel.ChildId(kid.childId()).formatted();
    }

    /** Searches as this user for the child by exact name and date of birth, and checks the child was shown. */
    static void find(WebClient browser, Kid kid) {
        var body = api(
                browser,
                "/api/v1/children",
                "familyName",
                kid.family(),
                "dateOfBirth",
                kid.dob().toString());
        assertThat(body.statusCode()).as(body.body()).isEqualTo(200);
        assertThat(body.body()).contains(formatted(kid));
    }

    static HttpResponse<String> api(WebClient browser, String path, String... params) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            map.put(params[i], params[i + 1]);
        }
        String query = map.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return browser.get(path + (query.isEmpty() ? "" : "?" + query));
    }

    /** Finds the child, gives a reason on the page, and returns the record page. */
    static HttpResponse<String> open(WebClient browser, Kid kid, Map<String, String> form) {
        find(browser, kid);
        var reasonPage = browser.get("/children/" + formatted(kid));
        assertThat(reasonPage.statusCode()).as(reasonPage.body()).isEqualTo(200);
        var opened = browser.post("/children/" + formatted(kid), form);
        return opened.statusCode() == 302 ? browser.follow(opened) : opened;
    }

    static HttpResponse<String> open(WebClient browser, Kid kid) {
        return open(browser, kid, Map.of("reason", "SAFEGUARDING"));
    }

    JsonNode record(WebClient browser, Kid kid, String... params) {
        find(browser, kid);
        var response = api(browser, "/api/v1/children/" + formatted(kid), params);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    void shield(long id) {
        transactions.executeWithoutResult(tx -> {
            jdbc.sql("update child set shielded = true where id = ?").param(id).update();
            jdbc.sql("insert into change_log (child_id, kind, occurred_at) values (?, 'SHIELDED', ?)")
                    .param(id)
                    .param(OffsetDateTime.now(ZoneOffset.UTC))
                    .update();
        });
        awaitCaughtUp();
    }

    /** Everything the record holds about the child beyond what a shielded view may show. */
    Map<String, List<String>> secrets(Kid kid) {
        Map<String, List<String>> secrets = new HashMap<>();
        secrets.put(
                "address",
                jdbc.sql("select address_line_1, postcode from child where id = ?")
                        .param(kid.id())
                        .query((rs, n) -> List.of(rs.getString(1), rs.getString(2)))
                        .single());
        secrets.put(
                "carers",
                jdbc.sql("select name from carer where child_id = ?")
                        .param(kid.id())
                        .query(String.class)
                        .list());
        secrets.put(
                "services",
                jdbc
                        .sql("select coalesce(practitioner_name, service_name) from involvement where child_id = ?")
                        .param(kid.id())
                        .query(String.class)
                        .list()
                        .stream()
                        .filter(s -> s != null)
                        .toList());
        secrets.put("nhs", List.of(kid.nhs()));
        return secrets;
    }

    static void assertShowsNoneOf(String body, Map<String, List<String>> secrets) {
        secrets.forEach((what, values) -> {
            for (String value : values) {
                if (value != null) {
                    assertThat(body).as("the %s must not show", what).doesNotContain(value);
                }
            }
        });
    }

    List<Map<String, Object>> auditOf(Kid kid, String action) {
        return jdbc.sql("""
                        select actor_username, actor_role, detail, reason, outcome from audit_event
                        where subject_child_id = ? and action = ? order by seq""")
                .param(kid.childId())
                .param(action)
                .query((rs, n) -> Map.<String, Object>of(
                        "user", rs.getString(1),
                        "role", rs.getString(2),
                        "detail", String.valueOf(rs.getString(3)),
                        "reason", String.valueOf(rs.getString(4)),
                        "outcome", rs.getString(5)))
                .list();
    }

    @Test
    void a_practitioner_gives_a_reason_and_sees_names_address_carers_school_gp_and_services_audited() {
        Kid kid = kid(0);
        var page = open(teacher(), kid, Map.of("reason", "OTHER", "reasonDetail", "Joining our reception class"));
        assertThat(page.statusCode()).isEqualTo(200);
        var secrets = secrets(kid);
        assertThat(page.body()).contains(kid.family(), "Parents and carers", "Services working with the child");
        secrets.get("address").forEach(line -> assertThat(page.body()).contains(line));
        secrets.get("carers").forEach(name -> assertThat(page.body()).contains(name.replace("'", "&#39;")));
        var views = auditOf(kid, "VIEW");
        assertThat(views).isNotEmpty();
        assertThat(views.getLast())
                .containsEntry("user", "rita.teacher")
                .containsEntry("role", "PRACTITIONER")
                .containsEntry("reason", "OTHER: Joining our reception class")
                .containsEntry("outcome", "SUCCESS");
        assertThat(views.getLast().get("detail").toString()).startsWith("view=FULL");
    }

    @Test
    void a_record_opens_only_with_a_reason_and_only_for_a_child_the_users_search_found() {
        Kid kid = kid(1);
        Kid other = kid(2);
        var gp = gp();
        find(gp, kid);
        // No reason: refused, nothing shown.
        var reasonPage = gp.get("/children/" + formatted(kid));
        var noReason = gp.post("/children/" + formatted(kid), Map.of());
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(noReason.body())
                .contains("Select why you are opening this record")
                .doesNotContain("Parents and carers");
        var otherWithoutDetail = gp.post("/children/" + formatted(kid), Map.of("reason", "OTHER"));
        assertThat(otherWithoutDetail.statusCode()).isEqualTo(400);
        // The record itself, without an opening, leads back to the reason.
        var direct = gp.get("/children/" + formatted(kid) + "/record");
        assertThat(direct.statusCode()).isEqualTo(302);
        assertThat(direct.headers().firstValue("Location").orElseThrow()).endsWith("/children/" + formatted(kid));
        // A real child this user never searched for, a well-formed made-up ID and rubbish all get the same answer.
        var notSearched = gp.get("/children/" + formatted(other));
        var madeUp = gp.get("/children/"
                + uk.contactpoint.kernel.ChildId.random(new java.util.Random(7)).formatted());
        var rubbish = gp.get("/children/%27%20or%201%3D1%20--");
        for (var response : List.of(notSearched, madeUp)) {
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.body()).contains(RecordRefusedException.NOT_FOUND_MESSAGE.replace("'", "&#39;"));
            assertThat(response.body()).doesNotContain(other.family());
        }
        assertThat(rubbish.statusCode()).isIn(400, 404);
        var apiNotSearched = api(gp, "/api/v1/children/" + formatted(other), "reason", "SAFEGUARDING");
        assertThat(apiNotSearched.statusCode()).isEqualTo(404);
        assertThat(apiNotSearched.headers().firstValue("Content-Type").orElseThrow())
                .contains("problem+json");
        assertThat(apiNotSearched.body()).doesNotContain(other.family());
        var apiNoReason = api(gp, "/api/v1/children/" + formatted(kid));
        assertThat(apiNoReason.statusCode()).isEqualTo(400);
        assertThat(json.readTree(apiNoReason.body()).get("field").asString()).isEqualTo("reason");
        assertThat(auditOf(other, "VIEW"))
                .filteredOn(e -> e.get("user").equals("gita.gp"))
                .extracting(e -> e.get("outcome"))
                .containsOnly("REFUSED");
        // The opening lasts until the record is closed.
        var opened = gp.follow(gp.post("/children/" + formatted(kid), Map.of("reason", "CONTACT_PRACTITIONER")));
        assertThat(opened.body()).contains("Parents and carers");
        gp.post("/children/" + formatted(kid) + "/close", Map.of());
        assertThat(gp.get("/children/" + formatted(kid) + "/record").statusCode())
                .isEqualTo(302);
        assertThat(reasonPage.statusCode()).isEqualTo(200);
    }

    @Test
    void a_shielded_child_shows_name_gender_date_of_birth_and_id_only_on_the_page_and_in_the_api() {
        Kid kid = kid(3);
        var secrets = secrets(kid);
        shield(kid.id());
        for (WebClient browser : List.of(teacher(), gp())) {
            var page = open(browser, kid);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("This record is shielded", formatted(kid), kid.family());
            assertShowsNoneOf(page.body(), secrets);
            assertThat(page.body()).doesNotContain("Parents and carers", "Services working with the child");
            var body = record(browser, kid, "reason", "SAFEGUARDING");
            assertThat(fields(body))
                    .containsExactlyInAnyOrder(
                            "childId", "givenNames", "familyName", "gender", "dateOfBirth", "shielded", "message");
            assertShowsNoneOf(body.toString(), secrets);
            // Asking for an override without the role is refused, not quietly ignored.
            find(browser, kid);
            var override = api(
                    browser,
                    "/api/v1/children/" + formatted(kid),
                    "reason",
                    "SAFEGUARDING",
                    "reasonDetail",
                    "let me see",
                    "override",
                    "true");
            assertThat(override.statusCode()).isEqualTo(403);
            assertShowsNoneOf(override.body(), secrets);
        }
        // The ContactPoint team of the child's authority sees the whole record; another authority's team does not.
        assertThat(count("select count(*) from child where id = ? and local_authority_code = '383'", kid.id()))
                .as("the child lives in the test team's authority")
                .isEqualTo(1);
        access.ensureOrganisation(new AccessAdministration.NewOrganisation(
                "380", "Bradford Council", OrganisationKind.LOCAL_AUTHORITY, "380"));
        var otherTeam = record(as("bo.bradford", "380", Role.LA_TEAM), kid, "reason", "SAFEGUARDING");
        assertThat(otherTeam.get("message")).isNotNull();
        assertShowsNoneOf(otherTeam.toString(), secrets);
        var teamView = record(team(), kid, "reason", "SAFEGUARDING");
        assertThat(teamView.get("shielded").asBoolean()).isTrue();
        assertThat(teamView.get("address").toString())
                .contains(secrets.get("address").get(1));
    }

    @Test
    void an_override_warns_first_needs_a_reason_raises_an_alert_at_once_and_lasts_only_while_the_record_is_open() {
        Kid kid = kid(4);
        var secrets = secrets(kid);
        shield(kid.id());
        var police = police();
        find(police, kid);
        var warning = police.get("/children/" + formatted(kid));
        assertThat(warning.body()).contains("override-warning", "investigation straight away");
        // Without ticking the override: the shielded view, like anyone else.
        var plain =
                police.follow(police.post("/children/" + formatted(kid), Map.of("reason", "CHILD_PROTECTION_ENQUIRY")));
        assertShowsNoneOf(plain.body(), secrets);
        assertThat(count("select count(*) from misuse_alert where username = 'pat.police'"))
                .isZero();
        // Ticking it without saying why: refused.
        police.get("/children/" + formatted(kid));
        var noDetail = police.post(
                "/children/" + formatted(kid), Map.of("reason", "CHILD_PROTECTION_ENQUIRY", "override", "true"));
        assertThat(noDetail.statusCode()).isEqualTo(400);
        assertShowsNoneOf(noDetail.body(), secrets);
        // With a reason: the record, the SHIELD_OVERRIDE event and its alert before the page is even read.
        police.get("/children/" + formatted(kid));
        var opened = police.post(
                "/children/" + formatted(kid),
                Map.of(
                        "reason",
                        "CHILD_PROTECTION_ENQUIRY",
                        "reasonDetail",
                        "Section 47 enquiry 2026/1182",
                        "override",
                        "true"));
        assertThat(count(
                        "select count(*) from misuse_alert where username = 'pat.police' and rule = 'SHIELD_OVERRIDE'"))
                .isEqualTo(1);
        var page = police.follow(opened);
        assertThat(page.body())
                .contains("child-protection override", secrets.get("address").get(1));
        assertThat(auditOf(kid, "SHIELD_OVERRIDE"))
                .singleElement()
                .satisfies(e -> assertThat(e.get("reason").toString()).contains("Section 47 enquiry 2026/1182"));
        // Closed, the override is gone: the next opening shows the shielded view again.
        police.post("/children/" + formatted(kid) + "/close", Map.of());
        var again = open(police, kid, Map.of("reason", "CHILD_PROTECTION_ENQUIRY"));
        assertShowsNoneOf(again.body(), secrets);
    }

    @Test
    void a_sensitive_service_is_seen_only_by_that_service_and_the_contactpoint_team() throws IOException {
        Kid kid = kid(5);
        Path file = Files.createTempFile("mh-trust", ".csv");
        Files.writeString(
                file,
                "record_id,nhs_number,given_names,family_name,date_of_birth,gender,service_type,service_org_code,"
                        + "service_name,practitioner_name,practitioner_phone,consent_recorded\n"
                        + "camhs-1," + kid.nhs() + "," + kid.given() + "," + kid.family() + "," + kid.dob() + ","
                        + kid.gender().toLowerCase().replace("not_specified", "unknown")
                        + ",mental_health,MH01,Leeds CAMHS,Dr Imogen Sensitive,0113 496 0999,true\n");
        assertThat(loader.load(new SourceCode("mh-trust"), file).inserted()).isEqualTo(1);
        assertThat(count(
                        "select count(*) from involvement where child_id = ? and service_type = 'MENTAL_HEALTH'",
                        kid.id()))
                .as("the CAMHS record links to the child")
                .isEqualTo(1);
        awaitCaughtUp();
        for (WebClient outsider : List.of(teacher(), gp())) {
            assertThat(open(outsider, kid).body()).doesNotContain("Imogen Sensitive", "Leeds CAMHS", "0113 496 0999");
            assertThat(record(outsider, kid, "reason", "SAFEGUARDING").toString())
                    .doesNotContain("Imogen Sensitive", "mental_health", "MH01");
        }
        assertThat(open(camhs(), kid).body()).contains("Imogen Sensitive");
        assertThat(record(team(), kid, "reason", "SAFEGUARDING").toString()).contains("Imogen Sensitive");
        // Nor can it be searched for: the search has no field for services at all.
        var byService = api(
                teacher(),
                "/api/v1/children",
                "familyName",
                kid.family(),
                "dateOfBirth",
                kid.dob().toString(),
                "serviceType",
                "mental_health");
        assertThat(byService.body()).doesNotContain("Imogen", "mental");
    }

    @Test
    void a_sources_own_identifiers_are_shown_only_to_the_organisation_that_runs_it() {
        Kid kid = jdbc.sql("""
                        select c.id, c.child_id, c.given_names, c.family_name, c.date_of_birth, c.gender, c.nhs_number
                        from child c join source_link l on l.child_id = c.id and l.match_result = 'MATCH'
                        join source_record r on r.id = l.source_record_id and r.source_code = 'la-social-care'
                        where c.state = 'ACTIVE' and not c.shielded order by c.id fetch first 1 rows only""").query(Kid::of).single();
        List<String> all = jdbc.sql("""
                        select r.record_id from source_link l join source_record r on r.id = l.source_record_id
                        where l.child_id = ? and l.match_result = 'MATCH'""").param(kid.id()).query(String.class).list();
        String social = jdbc.sql("""
                        select r.record_id from source_link l join source_record r on r.id = l.source_record_id
                        where l.child_id = ? and r.source_code = 'la-social-care'""").param(kid.id()).query(String.class).single();
        var teamView = record(team(), kid, "reason", "SAFEGUARDING");
        assertThat(teamView.get("sourceIdentifiers").toString()).contains(social);
        for (String id : all) {
            if (!id.equals(social)) {
                assertThat(teamView.toString()).doesNotContain(id);
            }
        }
        for (WebClient outsider : List.of(teacher(), gp(), camhs())) {
            String page = open(outsider, kid).body();
            var body = record(outsider, kid, "reason", "SAFEGUARDING");
            for (String id : all) {
                assertThat(page).doesNotContain(id);
                assertThat(body.toString()).doesNotContain(id);
            }
        }
    }

    @Test
    void a_practitioner_adds_leads_records_a_caf_and_ends_their_own_involvement_through_the_change_log() {
        Kid kid = kid(6);
        var teacher = teacher();
        open(teacher, kid);
        long logBefore = count("select coalesce(max(seq), 0) from change_log where child_id = ?", kid.id());
        var added = teacher.follow(teacher.post(
                "/children/" + formatted(kid) + "/involvements",
                Map.of(
                        "serviceType", "youth_service",
                        "practitionerName", "Rita Teacher",
                        "practitionerPhone", "0113 496 0123",
                        "practitionerEmail", "rita@mill.example.org")));
        assertThat(added.body())
                .contains("Your service&#39;s involvement is recorded", "Rita Teacher", "0113 496 0123");
        assertThat(count("select coalesce(max(seq), 0) from change_log where child_id = ?", kid.id()))
                .isGreaterThan(logBefore);
        assertThat(count(
                        "select count(*) from source_link l join source_record r on r.id = l.source_record_id"
                                + " where r.source_code = 'org-107001' and l.child_id = ? and l.link_source = 'MANUAL'",
                        kid.id()))
                .isEqualTo(1);
        // Another service sees it, with the contact details, but not the school's own record id.
        var gpView = record(gp(), kid, "reason", "CONTACT_PRACTITIONER");
        assertThat(gpView.get("services").toString()).contains("Rita Teacher", "youth_service");
        assertThat(gpView.toString()).doesNotContain(kid.childId() + "-youth_service");
        assertThat(record(teacher, kid, "reason", "SAFEGUARDING")
                        .get("sourceIdentifiers")
                        .toString())
                .contains(kid.childId() + "-youth_service");
        open(teacher, kid);
        var lead = teacher.follow(
                teacher.post("/children/" + formatted(kid) + "/involvements/youth_service/lead", Map.of()));
        assertThat(lead.body()).contains("You are recorded as the lead professional");
        var caf = teacher.follow(teacher.post(
                "/children/" + formatted(kid) + "/involvements/youth_service/caf",
                Map.of("cafDay", "3", "cafMonth", "11", "cafYear", "2026")));
        assertThat(caf.body()).contains("Completed 3 November 2026");
        assertThat(count(
                        "select count(*) from involvement where child_id = ? and service_type = 'YOUTH_SERVICE'"
                                + " and lead_professional and caf_completed_on is not null",
                        kid.id()))
                .isEqualTo(1);
        var future = teacher.follow(teacher.post(
                "/children/" + formatted(kid) + "/involvements/youth_service/caf",
                Map.of("cafDay", "3", "cafMonth", "11", "cafYear", "2099")));
        assertThat(future.body()).contains("The CAF date must be in the past");
        var ended = teacher.follow(
                teacher.post("/children/" + formatted(kid) + "/involvements/youth_service/end", Map.of()));
        assertThat(ended.body()).contains("involvement has ended").doesNotContain("Rita Teacher");
        assertThat(auditOf(kid, "INVOLVEMENT_ADDED")).hasSize(1);
        assertThat(auditOf(kid, "LEAD_PROFESSIONAL")).hasSize(1);
        assertThat(auditOf(kid, "CAF_RECORDED")).hasSize(1);
        assertThat(auditOf(kid, "INVOLVEMENT_ENDED")).hasSize(1);
        // Added again later, the same record comes back (and is linked once).
        teacher.follow(teacher.post(
                "/children/" + formatted(kid) + "/involvements",
                Map.of(
                        "serviceType",
                        "youth_service",
                        "practitionerName",
                        "Rita Teacher",
                        "practitionerEmail",
                        "rita@mill.example.org")));
        assertThat(count(
                        "select count(*) from involvement where child_id = ? and service_type = 'YOUTH_SERVICE'",
                        kid.id()))
                .isEqualTo(1);
    }

    @Test
    void involvement_changes_are_refused_to_view_only_users_without_consent_without_contact_and_on_shielded_children() {
        Kid kid = kid(7);
        var gp = gp();
        open(gp, kid);
        var viewOnly = gp.post(
                "/children/" + formatted(kid) + "/involvements",
                Map.of("serviceType", "gp", "practitionerName", "Gita", "practitionerPhone", "0113 496 0000"));
        assertThat(viewOnly.statusCode()).isEqualTo(403);
        var teacher = teacher();
        open(teacher, kid);
        var noConsent = teacher.follow(teacher.post(
                "/children/" + formatted(kid) + "/involvements",
                Map.of(
                        "serviceType",
                        "sexual_health",
                        "practitionerName",
                        "Rita",
                        "practitionerPhone",
                        "0113 496 0000")));
        assertThat(noConsent.body()).contains("recorded only with the child&#39;s consent");
        var noContact = teacher.follow(teacher.post(
                "/children/" + formatted(kid) + "/involvements",
                Map.of("serviceType", "school", "practitionerName", "Rita")));
        assertThat(noContact.body()).contains("Give a phone number or an email address");
        var badType = teacher.follow(teacher.post(
                "/children/" + formatted(kid) + "/involvements",
                Map.of("serviceType", "witchcraft", "practitionerName", "Rita", "practitionerPhone", "0113 496 0000")));
        assertThat(badType.body()).contains("The kind of service is one of");
        var endNothing =
                teacher.follow(teacher.post("/children/" + formatted(kid) + "/involvements/early_years/end", Map.of()));
        assertThat(endNothing.body()).contains("no involvement of this kind");
        assertThat(count(
                        "select count(*) from source_record where source_code = 'org-107001' and record_id like ?",
                        kid.childId() + "%"))
                .isZero();
        // A change without the record open goes back to the reason page and changes nothing.
        teacher.post("/children/" + formatted(kid) + "/close", Map.of());
        var closed = teacher.post(
                "/children/" + formatted(kid) + "/involvements",
                Map.of("serviceType", "school", "practitionerName", "Rita", "practitionerPhone", "0113 496 0000"));
        assertThat(closed.statusCode()).isEqualTo(302);
        shield(kid.id());
        open(teacher, kid);
        var shielded = teacher.follow(teacher.post(
                "/children/" + formatted(kid) + "/involvements",
                Map.of("serviceType", "school", "practitionerName", "Rita", "practitionerPhone", "0113 496 0000")));
        assertThat(shielded.body()).contains("Ask the ContactPoint team");
        assertThat(count(
                        "select count(*) from source_record where source_code = 'org-107001' and record_id like ?",
                        kid.childId() + "%"))
                .isZero();
    }

    @Test
    void a_case_management_system_changes_the_practitioners_involvement_as_json_under_the_record_pages_rules() {
        Kid kid = kid(13);
        Kid notSearched = kid(14);
        // A session of its own, so that only this test's searches count as found.
        var teacher = as("nora.teacher", "107001", Role.PRACTITIONER);
        find(teacher, kid);
        String involvements = "/api/v1/children/" + formatted(kid) + "/involvements";
        String rita = "\"serviceType\":\"youth_service\",\"practitionerName\":\"Rita Teacher\","
                + "\"practitionerPhone\":\"0113 496 0123\"";
        assertProblem(teacher.postJson(involvements, "{" + rita + "}"), 400, "reason", "Select why");
        assertProblem(
                teacher.postJson(involvements, "{\"viewReason\":\"SAFEGUARDING\",\"startedOn\":\"last week\"}"),
                400,
                null,
                "startedOn");
        assertProblem(teacher.postJson(involvements, "{\"viewReason\": "), 400, null, "not the JSON");
        assertProblem(
                teacher.postJson(
                        "/api/v1/children/" + formatted(notSearched) + "/involvements",
                        "{\"viewReason\":\"SAFEGUARDING\"," + rita + "}"),
                404,
                "childId",
                "Search for the child first");
        assertProblem(
                teacher.postJson(
                        involvements,
                        "{\"viewReason\":\"SAFEGUARDING\"," + rita.replace("youth_service", "sexual_health") + "}"),
                400,
                "consentRecorded",
                "consent");
        assertThat(count(
                        "select count(*) from source_record where source_code = 'org-107001' and record_id like ?",
                        kid.childId() + "%"))
                .isZero();

        var added = teacher.postJson(involvements, "{\"viewReason\":\"SAFEGUARDING\"," + rita + "}");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
        assertThat(json.readTree(added.body()).get("change").asText()).isEqualTo("added");
        var lead = teacher.postJson(involvements + "/youth_service/lead", "{\"viewReason\":\"CAF\"}");
        assertThat(lead.statusCode()).as(lead.body()).isEqualTo(200);
        assertProblem(
                teacher.postJson(
                        involvements + "/youth_service/caf",
                        "{\"viewReason\":\"CAF\",\"cafCompletedOn\":\"2099-01-01\"}"),
                400,
                "cafCompletedOn",
                "in the past");
        var caf = teacher.postJson(
                involvements + "/youth_service/caf", "{\"viewReason\":\"CAF\",\"cafCompletedOn\":\"2026-11-03\"}");
        assertThat(caf.statusCode()).as(caf.body()).isEqualTo(200);
        assertThat(count(
                        "select count(*) from involvement where child_id = ? and service_type = 'YOUTH_SERVICE'"
                                + " and lead_professional and caf_completed_on = date '2026-11-03'",
                        kid.id()))
                .isEqualTo(1);
        assertProblem(
                teacher.postJson(involvements + "/youth_service/delete", "{\"viewReason\":\"CAF\"}"),
                400,
                "change",
                "end, lead or caf");
        // The GP can read the record but not change involvements; without the CSRF token nothing changes either.
        var gp = gp();
        find(gp, kid);
        assertThat(gp.postJson(involvements + "/youth_service/end", "{\"viewReason\":\"CAF\"}")
                        .statusCode())
                .isEqualTo(403);
        var noToken = java.net.http.HttpClient.newHttpClient();
        try {
            var forged = noToken.send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                    "http://localhost:" + port + involvements + "/youth_service/end"))
                            .header("Content-Type", "application/json")
                            .header("Cookie", teacher.cookieHeader())
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"viewReason\":\"CAF\"}"))
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(forged.statusCode()).isEqualTo(403);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
        assertThat(count(
                        "select count(*) from involvement where child_id = ? and service_type = 'YOUTH_SERVICE'",
                        kid.id()))
                .isEqualTo(1);
        var ended = teacher.postJson(involvements + "/youth_service/end", "{\"viewReason\":\"CAF\"}");
        assertThat(ended.statusCode()).as(ended.body()).isEqualTo(200);
        assertThat(count(
                        "select count(*) from involvement where child_id = ? and service_type = 'YOUTH_SERVICE'",
                        kid.id()))
                .isZero();
        assertThat(auditOf(kid, "INVOLVEMENT_ADDED"))
                .singleElement()
                .satisfies(e -> assertThat(e.get("reason")).isEqualTo("SAFEGUARDING"));
        assertThat(auditOf(kid, "LEAD_PROFESSIONAL")).hasSize(1);
        assertThat(auditOf(kid, "CAF_RECORDED"))
                .singleElement()
                .satisfies(e -> assertThat(e.get("reason")).isEqualTo("CAF"));
        assertThat(auditOf(kid, "INVOLVEMENT_ENDED")).hasSize(1);
        assertThat(auditOf(notSearched, "INVOLVEMENT_ADDED")).isEmpty();
        // A shielded child's involvement goes through the team instead.
        shield(kid.id());
        find(teacher, kid);
        assertProblem(
                teacher.postJson(involvements, "{\"viewReason\":\"SAFEGUARDING\"," + rita + "}"),
                403,
                "childId",
                "Ask the ContactPoint team");
        assertThat(count(
                        "select count(*) from involvement where child_id = ? and service_type = 'YOUTH_SERVICE'",
                        kid.id()))
                .isZero();
    }

    static void assertProblem(HttpResponse<String> response, int status, String field, String says) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse(""))
                .as(response.body())
                .startsWith("application/problem+json");
        var problem = json.readTree(response.body());
        assertThat(problem.get("detail").asText()).contains(says);
        if (field != null) {
            assertThat(problem.get("field").asText()).isEqualTo(field);
        }
    }

    @Test
    void a_national_administrator_and_a_manager_cannot_search_or_open_records() {
        Kid kid = kid(8);
        for (WebClient browser :
                List.of(as("nia.admin", "CPNAT", Role.NATIONAL_ADMIN), as("mo.manager", "383", Role.LA_MANAGER))) {
            assertThat(api(
                                    browser,
                                    "/api/v1/children",
                                    "familyName",
                                    kid.family(),
                                    "dateOfBirth",
                                    kid.dob().toString())
                            .statusCode())
                    .isEqualTo(403);
            assertThat(api(browser, "/api/v1/children/" + formatted(kid), "reason", "SAFEGUARDING")
                            .statusCode())
                    .isEqualTo(403);
            assertThat(browser.get("/children/" + formatted(kid)).statusCode()).isEqualTo(403);
            assertThat(browser.get("/children/" + formatted(kid) + "/record").statusCode())
                    .isEqualTo(403);
        }
    }

    List<Kid> kidsIn(String localAuthority) {
        return jdbc.sql("""
                        select c.id, c.child_id, c.given_names, c.family_name, c.date_of_birth, c.gender, c.nhs_number
                        from child c where c.state = 'ACTIVE' and not c.shielded and c.local_authority_code = ?
                        order by c.id""").param(localAuthority).query(Kid::of).list();
    }

    long alerts(String username, String rule) {
        misuse.scan();
        return count("select count(*) from misuse_alert where username = ? and rule = ?", username, rule);
    }

    @Test
    void children_take_their_authority_from_their_postcode_and_opening_many_outside_ones_own_raises_an_alert() {
        assertThat(count("select count(*) from child where postcode is not null and local_authority_code is null"))
                .as("every generated postcode lies in a listed district")
                .isZero();
        assertThat(count("""
                        select count(*) from child c where c.local_authority_code <> (
                            select d.local_authority_code from postcode_district d
                            where d.district = substring(c.postcode, 1, position(' ' in c.postcode) - 1))""")).isZero();
        access.ensureOrganisation(
                new AccessAdministration.NewOrganisation("BD001", "Bradford Academy", OrganisationKind.SCHOOL, "380"));
        var bradford = as("olly.outside", "BD001", Role.PRACTITIONER);
        List<Kid> leeds = kidsIn("383");
        List<Kid> home = kidsIn("380");
        assertThat(leeds).hasSizeGreaterThanOrEqualTo(6);
        for (Kid kid : home.subList(0, Math.min(3, home.size()))) {
            open(bradford, kid);
        }
        for (Kid kid : leeds.subList(0, 5)) {
            open(bradford, kid);
        }
        assertThat(alerts("olly.outside", "OUT_OF_AREA"))
                .as("five are within the limit")
                .isZero();
        open(bradford, leeds.get(5));
        assertThat(alerts("olly.outside", "OUT_OF_AREA")).isEqualTo(1);
        // By rule: a run after midnight also raises the unusual-hours alert for the same user.
        assertThat(jdbc.sql(
                                "select evidence from misuse_alert where username = 'olly.outside' and rule = 'OUT_OF_AREA'")
                        .query(String.class)
                        .single())
                .contains("6 records of children outside the user's authority");
        assertThat(auditOf(leeds.get(5), "VIEW").getLast().get("detail").toString())
                .contains("outOfArea=true childArea=383 userArea=380")
                .doesNotContain(leeds.get(5).family());
    }

    @Test
    void opening_a_child_of_ones_own_family_name_and_home_postcode_raises_an_alert_and_a_namesake_elsewhere_does_not() {
        Kid kid = kid(9);
        String postcode = jdbc.sql("select postcode from child where id = ?")
                .param(kid.id())
                .query(String.class)
                .single();
        ensureUser("fay.family", "107001", Role.PRACTITIONER);
        access.recordHome(
                "fay.family",
                kid.family().toUpperCase(),
                postcode.replace(" ", "").toLowerCase());
        ensureUser("sam.namesake", "107001", Role.PRACTITIONER);
        access.recordHome("sam.namesake", kid.family(), "SW1A 1AA".equals(postcode) ? "LS6 2AB" : "SW1A 1AA");
        open(as("sam.namesake", "107001", Role.PRACTITIONER), kid);
        assertThat(alerts("sam.namesake", "OWN_FAMILY")).isZero();
        open(as("fay.family", "107001", Role.PRACTITIONER), kid);
        assertThat(alerts("fay.family", "OWN_FAMILY")).isEqualTo(1);
        assertThat(auditOf(kid, "VIEW").getLast().get("detail").toString())
                .contains("ownFamily=true")
                .doesNotContain(postcode);
    }

    @Test
    void the_subject_access_report_lists_everything_held_and_that_childs_accesses_and_no_other_childs()
            throws Exception {
        List<Kid> leeds = kidsIn("383");
        Kid kid = leeds.get(leeds.size() - 1);
        Kid other = leeds.get(leeds.size() - 2);
        var gp = gp();
        open(gp, kid, Map.of("reason", "OTHER", "reasonDetail", "Registering at our practice"));
        open(gp, other, Map.of("reason", "OTHER", "reasonDetail", "A different child entirely"));
        var manager = as("meg.manager", "383", Role.LA_MANAGER);
        manager.get("/admin/subject-access");
        var page = manager.post("/admin/subject-access", Map.of("identifier", formatted(kid)));
        assertThat(page.statusCode()).isEqualTo(200);
        String body = page.body();
        assertThat(body).contains(formatted(kid), "gita.gp", "Registering at our practice", "SEARCH", "VIEW");
        assertThat(body).doesNotContain("A different child entirely", formatted(other), other.childId());
        // Everything held: every source's record and its reference, and the sensitive services too.
        jdbc.sql("""
                        select r.record_id from source_link l join source_record r on r.id = l.source_record_id
                        where l.child_id = ? and l.match_result = 'MATCH'""")
                .param(kid.id())
                .query(String.class)
                .list()
                .forEach(id -> assertThat(body).contains(id));
        // The same by NHS number, as a PDF.
        var pdf = manager.postForBytes("/admin/subject-access", Map.of("identifier", kid.nhs(), "format", "pdf"));
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/pdf");
        try (var document = org.apache.pdfbox.Loader.loadPDF(pdf.body())) {
            String text = new org.apache.pdfbox.text.PDFTextStripper()
                    .getText(document)
                    .replaceAll("\\s+", " ");
            assertThat(text).contains(formatted(kid), "gita.gp", "Registering at our practice");
            assertThat(text).doesNotContain("A different child entirely", formatted(other));
        }
        assertThat(auditOf(kid, "SUBJECT_ACCESS_REPORT")).hasSize(2);
        // A child of another authority, an unknown ID and rubbish get the same answer; other roles none at all.
        Kid elsewhere = kidsIn("380").getFirst();
        for (String identifier : List.of(formatted(elsewhere), elsewhere.nhs(), "CP-0000-0000-0", "nonsense")) {
            var refused = manager.post("/admin/subject-access", Map.of("identifier", identifier));
            assertThat(refused.statusCode()).isEqualTo(404);
            assertThat(refused.body())
                    .contains("No child resident in your authority")
                    .doesNotContain(elsewhere.family());
        }
        assertThat(gp.post("/admin/subject-access", Map.of("identifier", formatted(kid)))
                        .statusCode())
                .isEqualTo(403);
        assertThat(team().post("/admin/subject-access", Map.of("identifier", formatted(kid)))
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void
            the_childs_team_shields_with_a_reason_and_review_date_and_search_and_record_follow_at_once_until_it_is_lifted() {
        Kid kid = kid(10);
        assertThat(count("select count(*) from child where id = ? and local_authority_code = '383'", kid.id()))
                .isEqualTo(1);
        String postcode = jdbc.sql("select postcode from child where id = ?")
                .param(kid.id())
                .query(String.class)
                .single();
        var secrets = secrets(kid);
        var team = team();
        open(team, kid);
        String path = "/children/" + formatted(kid) + "/shield";
        LocalDate review = LocalDate.now().plusMonths(6);
        Map<String, String> review6 = Map.of(
                "reviewDay", String.valueOf(review.getDayOfMonth()),
                "reviewMonth", String.valueOf(review.getMonthValue()),
                "reviewYear", String.valueOf(review.getYear()));
        // Refused without a reason, or with a review date in the past.
        assertThat(team.follow(team.post(path, review6)).body()).contains("Say why the child needs shielding");
        assertThat(team.follow(team.post(
                                path,
                                Map.of(
                                        "shieldReason",
                                        "Domestic abuse: family in refuge",
                                        "reviewDay",
                                        "1",
                                        "reviewMonth",
                                        "1",
                                        "reviewYear",
                                        "2020")))
                        .body())
                .contains("The review date must be after today");
        // Another authority's team, and a practitioner, cannot.
        access.ensureOrganisation(new AccessAdministration.NewOrganisation(
                "380", "Bradford Council", OrganisationKind.LOCAL_AUTHORITY, "380"));
        var bradford = as("bo.bradford", "380", Role.LA_TEAM);
        open(bradford, kid);
        var elsewhere = new HashMap<>(review6);
        elsewhere.put("shieldReason", "Not ours to shield");
        assertThat(bradford.follow(bradford.post(path, elsewhere)).body())
                .contains("Only the ContactPoint team of the authority the child lives in");
        var teacher = teacher();
        open(teacher, kid);
        assertThat(teacher.post(path, elsewhere).statusCode()).isEqualTo(403);
        assertThat(count("select count(*) from child where id = ? and shielded", kid.id()))
                .isZero();

        var form = new HashMap<>(review6);
        form.put("shieldReason", "Domestic abuse: family in refuge");
        var shielded = team.follow(team.post(path, form));
        assertThat(shielded.body()).contains("The record is shielded", "Domestic abuse: family in refuge");
        assertThat(auditOf(kid, "SHIELD_APPLIED"))
                .singleElement()
                .satisfies(e -> assertThat(e.get("reason")).isEqualTo("Domestic abuse: family in refuge"));
        // At once on the record, and within a second in search.
        var page = open(teacher, kid);
        assertThat(page.body()).contains("This record is shielded");
        assertShowsNoneOf(page.body(), secrets);
        long start = System.nanoTime();
        while (api(teacher, "/api/v1/children", "familyName", kid.family(), "postcode", postcode)
                .body()
                .contains(formatted(kid))) {
            assertThat((System.nanoTime() - start) / 1_000_000)
                    .as("search drops the shielded address")
                    .isLessThan(1_000);
            sleep(20);
        }
        // Lifted, with a reason: the practitioner sees the record again.
        open(team, kid);
        assertThat(team.follow(team.post(path + "/lift", Map.of())).body())
                .contains("Say why the shield is no longer needed");
        team.follow(team.post(path + "/lift", Map.of("shieldReason", "Family rehoused; risk assessed as ended")));
        assertThat(auditOf(kid, "SHIELD_LIFTED")).hasSize(1);
        assertThat(open(teacher, kid).body()).contains("Parents and carers");
    }

    @Test
    void a_practitioner_asks_the_team_to_pass_on_a_message_about_a_shielded_child_and_only_that_team_sees_it() {
        Kid kid = kid(11);
        assertThat(count("select count(*) from child where id = ? and local_authority_code = '383'", kid.id()))
                .isEqualTo(1);
        var secrets = secrets(kid);
        Kid visible = kid(12);
        shield(kid.id());
        var gp = gp();
        open(gp, visible);
        var notShielded = gp.follow(gp.post(
                "/children/" + formatted(visible) + "/contact-requests",
                Map.of("message", "hello", "contact", "0113 496 0000")));
        assertThat(notShielded.body()).contains("contact them directly");
        open(gp, kid);
        var empty = gp.follow(gp.post("/children/" + formatted(kid) + "/contact-requests", Map.of("contact", "x")));
        assertThat(empty.body()).contains("Write the message");
        var sent = gp.follow(gp.post(
                "/children/" + formatted(kid) + "/contact-requests",
                Map.of(
                        "message",
                        "Please ask the child's GP to call me about a referral",
                        "contact",
                        "0113 496 0777")));
        assertThat(sent.body()).contains("Your message is with the ContactPoint team");
        assertShowsNoneOf(sent.body(), secrets);
        assertThat(auditOf(kid, "CONTACT_REQUESTED")).hasSize(1);
        // Another authority's team does not see it; the child's team does, and passes it on.
        access.ensureOrganisation(new AccessAdministration.NewOrganisation(
                "380", "Bradford Council", OrganisationKind.LOCAL_AUTHORITY, "380"));
        assertThat(as("bo.bradford", "380", Role.LA_TEAM)
                        .get("/team/contact-requests")
                        .body())
                .doesNotContain("Please ask the child");
        var team = team();
        var queue = team.get("/team/contact-requests");
        assertThat(queue.body()).contains("Please ask the child&#39;s GP to call me", "0113 496 0777", formatted(kid));
        long id = count("select max(id) from contact_request");
        var bradfordTries = as("bo.bradford", "380", Role.LA_TEAM);
        bradfordTries.get("/team/contact-requests");
        assertThat(bradfordTries
                        .follow(bradfordTries.post(
                                "/team/contact-requests/" + id, Map.of("outcome", "passed_on", "note", "done")))
                        .body())
                .contains("There is no open request with that number");
        team.get("/team/contact-requests");
        assertThat(team.follow(team.post("/team/contact-requests/" + id, Map.of("outcome", "passed_on")))
                        .body())
                .contains("Say whom you passed the message to");
        var done = team.follow(team.post(
                "/team/contact-requests/" + id, Map.of("outcome", "passed_on", "note", "Phoned the GP practice")));
        assertThat(done.body()).contains("is passed on").doesNotContain("Please ask the child");
        assertThat(auditOf(kid, "CONTACT_PASSED_ON")).hasSize(1);
        assertThat(gp.post("/team/contact-requests/" + id, Map.of("outcome", "declined", "note", "x"))
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void the_team_sees_the_runs_and_rejects_of_its_authoritys_sources_only() throws IOException {
        Path bad = Files.createTempFile("la-social-care", ".csv");
        Files.writeString(
                bad,
                "record_id,given_names,family_name,date_of_birth\n"
                        + "sc-bad-1,Amy,Reject,2099-01-01\n"
                        + "sc-bad-2,Ben,Okay,2015-02-03\n");
        var report = loader.load(new SourceCode("la-social-care"), bad);
        assertThat(report.rejected()).isEqualTo(1);
        var team = team();
        String page = team.get("/team/feed-runs").body();
        assertThat(page)
                .contains("la-social-care", "run-" + report.runId(), "Worse")
                .doesNotContain("nhs-pds");
        var rejects = team.get("/team/feed-runs/" + report.runId() + "/rejects");
        assertThat(rejects.statusCode()).isEqualTo(200);
        assertThat(rejects.body()).contains("sc-bad-1", "date_of_birth");
        long healthRun = count("select max(id) from feed_run where source_code = 'nhs-pds'");
        assertThat(team.get("/team/feed-runs/" + healthRun + "/rejects").statusCode())
                .isEqualTo(404);
        access.ensureOrganisation(new AccessAdministration.NewOrganisation(
                "380", "Bradford Council", OrganisationKind.LOCAL_AUTHORITY, "380"));
        var bradford = as("bo.bradford", "380", Role.LA_TEAM);
        assertThat(bradford.get("/team/feed-runs").body()).doesNotContain("la-social-care");
        assertThat(bradford.get("/team/feed-runs/" + report.runId() + "/rejects")
                        .statusCode())
                .isEqualTo(404);
        assertThat(teacher().get("/team/feed-runs").statusCode()).isEqualTo(403);
    }

    static List<String> fields(JsonNode node) {
        return StreamSupport.stream(node.propertyNames().spliterator(), false).toList();
    }
}
