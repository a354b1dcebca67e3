package uk.contactpoint.directory;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.RequestOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import uk.contactpoint.access.AccessAdministration;
import uk.contactpoint.access.Role;
import uk.contactpoint.feeds.FeedLoader;
import uk.contactpoint.feeds.Sources;
import uk.contactpoint.testing.Chromium;
import uk.contactpoint.testing.Oathtool;
import uk.contactpoint.testing.TestDatabases;

/**
 * The LA team's workbench in a real Chromium: the possible-match queue (a pair side by side with its waterfall, what
 * is missing, a decision from the keyboard, on to the next; the same queue as JSON through the signed-in session), an
 * unmerge of the wrong link from the child's record, and a data quality query from a practitioner resolved by the
 * team. axe-core checks every page; screenshots go to target/screenshots.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BrowserTeamWorkbenchIT {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final String PASSWORD = "browser review passphrase";
    static final String SECRET = "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU";
    static final JsonMapper json = JsonMapper.builder().build();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.h2(registry);
    }

    static Chromium chromium;

    @BeforeAll
    static void launch() throws IOException {
        Oathtool.require();
        chromium = Chromium.launch();
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void quit() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    FeedLoader loader;

    @Autowired
    Sources sources;

    @Autowired
    AccessAdministration access;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    uk.contactpoint.search.SearchIndex index;

    @Autowired
    RecordRetention retention;

    @TempDir
    Path dir;

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    void axe(Page page, String what) {
        assertThat(Chromium.accessibilityViolations(page)).as("axe on " + what).isEmpty();
    }

    void screenshot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions()
                .setPath(SCREENSHOTS.resolve(name + ".png"))
                .setFullPage(true));
    }

    void load(Sources.Source source, String... rows) throws IOException {
        Path file = dir.resolve(source.code().value() + ".csv");
        Files.writeString(file, TeamWorkbenchIT.HEADER + "\n" + String.join("\n", rows) + "\n");
        assertThat(loader.load(source.code(), file).rejected()).isZero();
    }

    /** The child a source's record is linked to as a MATCH. */
    long childOf(Sources.Source source, String recordId) {
        return TeamFixtures.childOf(jdbc, source, recordId);
    }

    @Test
    void the_team_reviews_a_possible_match_from_the_keyboard_and_the_api_shows_the_same_queue() throws IOException {
        access.ensureOrganisation(new AccessAdministration.NewOrganisation(
                "383", "Leeds City Council", AccessAdministration.OrganisationKind.LOCAL_AUTHORITY, "383"));
        access.ensureUser(new AccessAdministration.NewUser(
                "tara.team",
                "Tara Team",
                "383",
                PASSWORD,
                SECRET,
                LocalDate.now().minusYears(1),
                LocalDate.now().minusMonths(3),
                Set.of(Role.LA_TEAM)));
        sources.register(TeamWorkbenchIT.COUNCIL);
        sources.register(TeamWorkbenchIT.HEALTH);
        var first = TeamWorkbenchIT.pair();
        var second = TeamWorkbenchIT.pair();
        load(TeamWorkbenchIT.COUNCIL, first.councilRow("1 Mill Lane"), second.councilRow("2 Mill Lane"));
        load(TeamWorkbenchIT.HEALTH, first.healthRow(""), second.healthRow(""));

        try (BrowserContext context = chromium.browser.newContext()) {
            Page page = context.newPage();
            signIn(page, "tara.team");

            page.click("a.govuk-header__link:has-text('Possible matches')");
            assertThat(page.textContent("#waiting")).contains("2 pairs are waiting");
            axe(page, "the queue");
            screenshot(page, "match-review-queue");

            page.click("#start-review");
            assertThat(page.textContent("h1")).contains("Are these the same child?");
            String shown = page.textContent("#side-by-side");
            var reviewed = shown.contains(first.family()) ? first : second;
            var next = reviewed == first ? second : first;
            assertThat(shown).contains(reviewed.family(), "Child CP-");
            assertThat(page.locator("#waterfall tbody tr").count()).isPositive();
            assertThat(page.textContent("#why-review")).contains("review");
            axe(page, "a pair");
            screenshot(page, "match-review-pair");

            // Nothing chosen: told what is missing, on the same pair.
            page.click("#save-decision");
            assertThat(page.textContent(".govuk-error-summary")).contains("Choose link, not a match");
            axe(page, "a pair's error");

            // The decision has the focus when the pair opens: arrow keys choose, Tab reaches the reason.
            page.navigate(page.url());
            assertThat(page.evaluate("document.activeElement.id")).isEqualTo("decision-link");
            page.keyboard().press("Space");
            page.keyboard().press("Tab");
            page.keyboard().type("Same child: the GP confirmed the date of birth.");
            page.click("#save-decision");
            // Straight on to the next pair, with the last decision confirmed.
            assertThat(page.textContent(".govuk-notification-banner")).contains("Linked to CP-");
            assertThat(page.textContent("#side-by-side")).contains(next.family());
            axe(page, "the next pair after a decision");
            assertThat(childOf(TeamWorkbenchIT.HEALTH, reviewed.health()))
                    .isEqualTo(childOf(TeamWorkbenchIT.COUNCIL, reviewed.council()));

            // The same queue as JSON, through the signed-in session; a change carries the CSRF token.
            var api = page.request();
            JsonNode queue =
                    json.readTree(api.get(url("/api/v1/team/match-review")).text());
            assertThat(queue.path("waiting").asLong()).isEqualTo(1);
            long id = queue.path("pairs").get(0).path("id").asLong();
            JsonNode pair = json.readTree(
                    api.get(url("/api/v1/team/match-review/" + id)).text());
            assertThat(pair.path("record").path("familyName").asString()).isEqualTo(next.family());
            assertThat(pair.path("waterfall").size()).isPositive();
            String csrf = page.getAttribute("input[name=_csrf]", "value");
            var refused = post(api, csrf, url("/api/v1/team/match-review/" + id), "{\"decision\":\"not_a_match\"}");
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.headers().get("content-type")).startsWith("application/problem+json");
            assertThat(json.readTree(refused.text()).path("field").asString()).isEqualTo("reason");
            var decided = post(
                    api,
                    csrf,
                    url("/api/v1/team/match-review/" + id),
                    "{\"decision\":\"not_a_match\",\"reason\":\"Cousins at one address.\"}");
            assertThat(decided.status()).isEqualTo(200);
            assertThat(json.readTree(decided.text()).path("decision").asString())
                    .isEqualTo("NOT_A_MATCH");

            page.navigate(url("/team/match-review"));
            assertThat(page.textContent("#no-pairs")).contains("There are no possible matches");
            axe(page, "the empty queue");

            // The link was wrong: the team finds the child (the postcode finds it whichever date of birth the merged
            // record shows), opens the record and unmerges.
            open(page, reviewed, "SAFEGUARDING");
            page.waitForSelector("#merges");
            axe(page, "a record with a merge");
            screenshot(page, "record-with-merge");
            page.locator("textarea[name=unmergeReason]").fill("The GP says these are cousins, not one child.");
            page.locator("button:has-text('Unmerge')").click();
            assertThat(page.textContent(".govuk-notification-banner")).contains("two children again");
            assertThat(page.locator("#merges").count()).isZero();
            axe(page, "the record after the unmerge");
            assertThat(childOf(TeamWorkbenchIT.HEALTH, reviewed.health()))
                    .isNotEqualTo(childOf(TeamWorkbenchIT.COUNCIL, reviewed.council()));
        }
    }

    /** A JSON change through the signed-in session, with the session's CSRF token. */
    static com.microsoft.playwright.APIResponse post(
            com.microsoft.playwright.APIRequestContext api, String csrf, String url, String body) {
        return api.post(
                url,
                RequestOptions.create()
                        .setHeader("X-CSRF-TOKEN", csrf)
                        .setHeader("Content-Type", "application/json")
                        .setData(body));
    }

    void signIn(Page page, String username) {
        page.navigate(url("/sign-in"));
        page.fill("#username", username);
        page.fill("#password", PASSWORD);
        page.click("button:has-text('Sign in')");
        page.fill("#code", Oathtool.code(SECRET));
        page.click("button:has-text('Continue')");
    }

    void user(String username, String organisation, Role role) {
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

    /** Searches by family name and postcode, once the index has caught up; opens the first result with a reason. */
    void open(Page page, TeamWorkbenchIT.Pair child, String reason) {
        long head = jdbc.sql("select coalesce(max(seq), 0) from change_log")
                .query(Long.class)
                .single();
        long deadline = System.currentTimeMillis() + 30_000;
        while (!(index.ready() && index.position() >= head) && System.currentTimeMillis() < deadline) {
            page.waitForTimeout(100);
        }
        page.navigate(url("/search"));
        page.fill("#familyName", child.family());
        page.fill("#postcode", "LS6 2AB");
        page.click("button:has-text('Search')");
        page.locator("tbody tr a").first().click();
        page.check("#reason-" + reason);
        page.click("button:has-text('Open the record')");
        page.waitForSelector("#report-mistake");
    }

    @Test
    void a_practitioner_reports_a_mistake_and_the_team_resolves_it_by_preferring_the_right_source() throws IOException {
        access.ensureOrganisation(new AccessAdministration.NewOrganisation(
                "383", "Leeds City Council", AccessAdministration.OrganisationKind.LOCAL_AUTHORITY, "383"));
        access.ensureOrganisation(new AccessAdministration.NewOrganisation(
                "107001", "Mill Primary School", AccessAdministration.OrganisationKind.SCHOOL, "383"));
        // Its own team user: a TOTP code is accepted once per user, and the other test may have just used it.
        user("tina.team", "383", Role.LA_TEAM);
        user("tom.teacher", "107001", Role.PRACTITIONER);
        sources.register(TeamWorkbenchIT.COUNCIL);
        sources.register(TeamWorkbenchIT.HEALTH);
        sources.runBy(TeamWorkbenchIT.COUNCIL.code(), "383"); // the team sees its own sources' feed runs
        var p = TeamWorkbenchIT.pair();
        load(TeamWorkbenchIT.COUNCIL, p.councilRow("14 Mill Lane"));
        load(
                TeamWorkbenchIT.HEALTH,
                p.health() + "," + p.given() + "," + p.family() + "," + p.born() + ",female,99 Other Road,LS6 2AB");

        try (BrowserContext teacher = chromium.browser.newContext()) {
            Page page = teacher.newPage();
            signIn(page, "tom.teacher");
            open(page, p, "CONTACT_PRACTITIONER");
            assertThat(page.textContent("#address")).contains("99 Other Road");
            page.click("#report-mistake summary");
            page.selectOption("#query-field", "address");
            page.fill("#query-message", "The family moved back to 14 Mill Lane in May; the school has it right.");
            page.click("#send-query");
            assertThat(page.textContent(".govuk-notification-banner")).contains("ContactPoint team");
            axe(page, "the record after reporting a mistake");
        }
        try (BrowserContext team = chromium.browser.newContext()) {
            Page page = team.newPage();
            signIn(page, "tina.team");
            page.click("a.govuk-header__link:has-text('Data queries')");
            var card = page.locator(".govuk-summary-card").first();
            assertThat(card.textContent()).contains(p.family(), "Address", "14 Mill Lane");
            axe(page, "the data queries");
            screenshot(page, "data-queries");
            card.locator("input[value=prefer]").check();
            card.locator("select[name=preferredSource]").selectOption("la-review");
            card.locator("textarea[name=note]").fill("The council visited last week: 14 Mill Lane is right.");
            card.locator("button:has-text('Resolve')").click();
            assertThat(page.textContent(".govuk-notification-banner")).contains("is resolved");
            assertThat(page.textContent("#no-queries")).contains("There are no open queries");
            axe(page, "the data queries after resolving");
            open(page, p, "CONTACT_PRACTITIONER");
            assertThat(page.textContent("#address")).contains("14 Mill Lane");

            // The workbench as JSON through the same session; changes carry the CSRF token.
            String childId = page.url().replaceAll(".*/children/([^/]+)/record.*", "$1");
            String csrf = page.getAttribute("input[name=_csrf]", "value");
            var api = page.request();
            assertThat(json.readTree(api.get(url("/api/v1/team/data-queries")).text())
                            .size())
                    .isZero();
            assertThat(api.get(url("/api/v1/team/contact-requests")).status()).isEqualTo(200);
            assertThat(json.readTree(api.get(url("/api/v1/team/feed-runs")).text())
                            .path("runs")
                            .size())
                    .isPositive();
            var badShield = post(
                    api,
                    csrf,
                    url("/api/v1/team/children/" + childId + "/shield"),
                    "{\"viewReason\":\"SAFEGUARDING\",\"reason\":\"Risk from a former partner.\"," + "\"reviewOn\":\""
                            + LocalDate.now().plusYears(3) + "\"}");
            assertThat(badShield.status()).isEqualTo(400);
            assertThat(json.readTree(badShield.text()).path("field").asString()).isEqualTo("reviewOn");
            var shielded = post(
                    api,
                    csrf,
                    url("/api/v1/team/children/" + childId + "/shield"),
                    "{\"viewReason\":\"SAFEGUARDING\",\"reason\":\"Risk from a former partner.\"," + "\"reviewOn\":\""
                            + LocalDate.now().plusMonths(6) + "\"}");
            assertThat(shielded.status()).as(shielded.text()).isEqualTo(200);
            assertThat(jdbc.sql("select shielded from child where child_id = ?")
                            .param(uk.contactpoint.kernel.ChildId.of(childId).value())
                            .query(Boolean.class)
                            .single())
                    .isTrue();
            var lifted = post(
                    api,
                    csrf,
                    url("/api/v1/team/children/" + childId + "/shield/lift"),
                    "{\"viewReason\":\"SAFEGUARDING\",\"reason\":\"The risk has passed.\"}");
            assertThat(lifted.status()).as(lifted.text()).isEqualTo(200);
            assertThat(json.readTree(api.get(url("/api/v1/team/children/" + childId + "/merges"))
                                    .text())
                            .size())
                    .isZero();
        }
    }

    @Test
    void the_team_opens_an_archived_record_with_a_purpose_and_brings_back_a_young_person_who_stays_on()
            throws IOException {
        access.ensureOrganisation(new AccessAdministration.NewOrganisation(
                "383", "Leeds City Council", AccessAdministration.OrganisationKind.LOCAL_AUTHORITY, "383"));
        user("ada.archive", "383", Role.LA_TEAM);
        sources.register(TeamWorkbenchIT.COUNCIL);
        LocalDate born = LocalDate.now().minusYears(19);
        load(TeamWorkbenchIT.COUNCIL, "arch1,Nadia,Archerfield," + born + ",female,5 Mill Lane,LS6 2AB");
        long child = childOf(TeamWorkbenchIT.COUNCIL, "arch1");
        retention.run(java.time.Instant.now());
        String childId = uk.contactpoint.kernel.ChildId.of(jdbc.sql("select child_id from child where id = ?")
                        .param(child)
                        .query(String.class)
                        .single())
                .formatted();

        try (BrowserContext team = chromium.browser.newContext()) {
            Page page = team.newPage();
            signIn(page, "ada.archive");
            page.click("a.govuk-header__link:has-text('Archive')");
            page.waitForSelector("#childId");
            axe(page, "the archive form");
            // The same archive as JSON, through the signed-in session.
            var api = page.request();
            String csrf = page.getAttribute("input[name=_csrf]", "value");
            var opened = post(
                    api,
                    csrf,
                    url("/api/v1/team/archive/" + childId),
                    "{\"purpose\":\"CHILD_PROTECTION_ENQUIRY\",\"reason\":\"Section 47 enquiry about a sibling\"}");
            assertThat(opened.status()).isEqualTo(200);
            JsonNode archived = json.readTree(opened.text());
            assertThat(archived.path("record").path("familyName").asString()).isEqualTo("Archerfield");
            assertThat(archived.path("mayStayOn").asBoolean()).isTrue();
            page.fill("#childId", childId);
            page.click("#open-archive");
            assertThat(page.textContent(".govuk-error-summary")).contains("Choose why you are opening the archive");
            axe(page, "the archive form with an error");
            page.check("#purpose-DATA_MANAGEMENT");
            page.fill("#reason", "The school asked whether she is still on roll");
            page.click("#open-archive");
            assertThat(page.textContent("#archived-name")).contains("Nadia Archerfield");
            assertThat(page.textContent("main")).contains("5 Mill Lane", "Opened for: Data management");
            axe(page, "an archived record");
            screenshot(page, "archived-record");
            page.fill("#stay-on-reason", "She agreed with her personal adviser to stay on");
            page.click("#stay-on");
            assertThat(page.textContent(".govuk-notification-banner")).contains("stays on until 25");
            axe(page, "the archive after bringing a record back");
            var refused = post(
                    api,
                    csrf,
                    url("/api/v1/team/archive/" + childId),
                    "{\"purpose\":\"DATA_MANAGEMENT\",\"reason\":\"Checking again\"}");
            assertThat(refused.status()).isEqualTo(400);
            assertThat(json.readTree(refused.text()).path("detail").asString()).contains("not archived");
        }
        assertThat(jdbc.sql("select state from child where id = ?")
                        .param(child)
                        .query(String.class)
                        .single())
                .isEqualTo("ACTIVE");
    }
}
