package uk.contactpoint.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import uk.contactpoint.access.AccessAdministration;
import uk.contactpoint.access.Role;
import uk.contactpoint.feeds.FeedLoader;
import uk.contactpoint.feeds.Sources;
import uk.contactpoint.matching.NameVariants;
import uk.contactpoint.testing.Chromium;
import uk.contactpoint.testing.Oathtool;
import uk.contactpoint.testing.TestDatabases;

/**
 * The search page in a real Chromium: sign in with password and TOTP, find a child despite a typo and a nickname, be
 * asked to refine a broad search, be told what is missing. axe-core checks every page; screenshots go to
 * target/screenshots.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BrowserSearchIT {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final String PASSWORD = "browser search passphrase";
    static final String SECRET = "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU";

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
    SearchIndex index;

    @Autowired
    AccessAdministration access;

    @Autowired
    JdbcClient jdbc;

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    void axe(Page page, String what) {
        assertThat(Chromium.accessibilityViolations(page)).as("axe on " + what).isEmpty();
    }

    /** Signs in through the pages: password, then the code oathtool computes from the user's secret. */
    void signIn(Page page, String username) {
        page.navigate(url("/sign-in"));
        page.fill("#username", username);
        page.fill("#password", PASSWORD);
        page.click("button:has-text('Sign in')");
        page.fill("#code", Oathtool.code(SECRET));
        page.click("button:has-text('Continue')");
    }

    void screenshot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions()
                .setPath(SCREENSHOTS.resolve(name + ".png"))
                .setFullPage(true));
    }

    @Test
    void
            a_practitioner_finds_a_child_despite_a_typo_and_a_nickname_opens_the_record_with_a_reason_and_sees_a_shielded_child_only_as_allowed()
                    throws IOException {
        SearchIT.SOURCES.forEach(sources::register);
        for (var source : SearchIT.SOURCES) {
            loader.load(
                    source.code(), SearchIT.generated().resolve(source.code().value() + ".csv"));
        }
        long head = jdbc.sql("select coalesce(max(seq), 0) from change_log")
                .query(Long.class)
                .single();
        SearchIT.await(() -> index.ready() && index.position() >= head, 60_000, "the index catches up");
        access.ensureOrganisation(new AccessAdministration.NewOrganisation(
                "383", "Leeds City Council", AccessAdministration.OrganisationKind.LOCAL_AUTHORITY, "383"));
        access.ensureUser(new AccessAdministration.NewUser(
                "tess.teacher",
                "Tess Teacher",
                "383",
                PASSWORD,
                SECRET,
                LocalDate.now().minusYears(1),
                LocalDate.now().minusMonths(3),
                Set.of(Role.PRACTITIONER)));
        // A child whose first name has a nickname in the variant table and whose family name is long enough for a
        // typing slip.
        NameVariants variants = NameVariants.standard();
        record Kid(String childId, String given, String family, LocalDate dob, String town) {}
        Kid kid = jdbc
                .sql("""
                        select child_id, given_names, family_name, date_of_birth, town from child
                        where state = 'ACTIVE' and not shielded and length(family_name) >= 6
                          and family_name not like '%-%' and given_names not like '% %' and town is not null
                          and exists (select 1 from involvement i where i.child_id = child.id)
                        order by id""")
                .query((rs, n) -> new Kid(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getObject(4, LocalDate.class),
                        rs.getString(5)))
                .list()
                .stream()
                .filter(k -> !variants.variantsOf(k.given()).isEmpty())
                .findFirst()
                .orElseThrow();
        String nickname = variants.variantsOf(kid.given()).getFirst();
        String typo = SearchIT.typo(kid.family());

        try (BrowserContext context = chromium.browser.newContext()) {
            Page page = context.newPage();
            signIn(page, "tess.teacher");
            page.click("a.govuk-button:has-text('Search for a child')");
            assertThat(page.url()).endsWith("/search");
            axe(page, "the empty search form");
            screenshot(page, "search-form");

            page.fill("#familyName", typo);
            page.fill("#givenName", nickname);
            page.fill("#dobDay", String.valueOf(kid.dob().getDayOfMonth()));
            page.fill("#dobMonth", String.valueOf(kid.dob().getMonthValue()));
            page.fill("#dobYear", String.valueOf(kid.dob().getYear()));
            page.click("button:has-text('Search')");
            axe(page, "the results");
            screenshot(page, "search-results");
            var firstRow = page.locator("tbody tr").first();
            String formatted = new uk.contactpoint.kernel.ChildId(kid.childId()).formatted();
            assertThat(firstRow.textContent()).contains(kid.given(), kid.family(), formatted, kid.town());
            assertThat(firstRow.locator("a").getAttribute("href")).isEqualTo("/children/" + formatted);
            assertThat(page.inputValue("#familyName")).isEqualTo(typo);

            // Pick the child, give a reason, see the services.
            firstRow.locator("a").click();
            assertThat(page.textContent("h1")).contains("Why are you opening this record?");
            axe(page, "the reason page");
            screenshot(page, "record-reason");
            page.click("button:has-text('Open the record')");
            assertThat(page.textContent(".govuk-error-summary")).contains("Select why you are opening this record");
            axe(page, "the reason page's error");
            page.check("#reason-SAFEGUARDING");
            page.click("button:has-text('Open the record')");
            page.waitForSelector("#close-record"); // the whole page has arrived
            assertThat(page.textContent("#child-name")).contains(kid.given(), kid.family());
            assertThat(page.locator("#services tbody tr").count()).isPositive();
            assertThat(page.textContent("#address")).contains(kid.town());
            axe(page, "the record");
            screenshot(page, "record");
            page.click("#close-record");
            assertThat(page.url()).endsWith("/search");

            // The team of the child's authority shields a child; the practitioner's search then shows nothing more
            // than name, gender, date of birth and ID.
            record Shielded(long id, String childId, String family, LocalDate dob, String postcode) {}
            Shielded hidden = jdbc.sql("""
                            select id, child_id, family_name, date_of_birth, postcode from child
                            where state = 'ACTIVE' and not shielded and postcode is not null
                              and local_authority_code = '383'
                              and exists (select 1 from carer k where k.child_id = child.id)
                            order by id desc fetch first 1 rows only""")
                    .query((rs, n) -> new Shielded(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getObject(4, LocalDate.class),
                            rs.getString(5)))
                    .single();
            List<String> carers = jdbc.sql("select name from carer where child_id = ?")
                    .param(hidden.id())
                    .query(String.class)
                    .list();
            String hiddenId = new uk.contactpoint.kernel.ChildId(hidden.childId()).formatted();
            access.ensureUser(new AccessAdministration.NewUser(
                    "tom.team",
                    "Tom Team",
                    "383",
                    PASSWORD,
                    SECRET,
                    LocalDate.now().minusYears(1),
                    LocalDate.now().minusMonths(3),
                    Set.of(Role.LA_TEAM)));
            try (BrowserContext teamContext = chromium.browser.newContext()) {
                Page team = teamContext.newPage();
                signIn(team, "tom.team");
                team.navigate(url("/search"));
                team.fill("#familyName", hidden.family());
                team.fill("#postcode", hidden.postcode());
                team.click("button:has-text('Search')");
                team.click("a[href='/children/" + hiddenId + "']");
                team.check("#reason-SAFEGUARDING");
                team.click("button:has-text('Open the record')");
                LocalDate review = LocalDate.now().plusMonths(3);
                team.fill("#shieldReason", "Family in a refuge");
                team.fill("#reviewDay", String.valueOf(review.getDayOfMonth()));
                team.fill("#reviewMonth", String.valueOf(review.getMonthValue()));
                team.fill("#reviewYear", String.valueOf(review.getYear()));
                axe(team, "the record with the shielding form");
                team.click("#apply-shield");
                assertThat(team.textContent(".govuk-notification-banner")).contains("The record is shielded");
                assertThat(team.textContent("#shield-details")).contains("Family in a refuge");
                axe(team, "the shielded record as the team sees it");
                screenshot(team, "record-shielded-by-team");
            }
            long shieldedAt = jdbc.sql("select max(seq) from change_log")
                    .query(Long.class)
                    .single();
            SearchIT.await(() -> index.position() >= shieldedAt, 5_000, "the index sees the shield");
            page.navigate(url("/search"));
            page.fill("#familyName", hidden.family());
            page.fill("#dobDay", String.valueOf(hidden.dob().getDayOfMonth()));
            page.fill("#dobMonth", String.valueOf(hidden.dob().getMonthValue()));
            page.fill("#dobYear", String.valueOf(hidden.dob().getYear()));
            page.click("button:has-text('Search')");
            page.click("a[href='/children/" + hiddenId + "']");
            page.check("#reason-CONTACT_PRACTITIONER");
            page.click("button:has-text('Open the record')");
            page.waitForSelector("#close-record"); // the whole page has arrived
            assertThat(page.textContent("#shielded-message")).contains("contact the ContactPoint team");
            String shown = page.textContent("main");
            assertThat(shown)
                    .doesNotContain(hidden.postcode(), "Parents and carers", "Services working with the child");
            carers.forEach(name -> assertThat(shown).doesNotContain(name));
            axe(page, "the shielded record");
            screenshot(page, "record-shielded");
            page.click("#close-record");

            String common = jdbc.sql("""
                            select family_name from child where state = 'ACTIVE' group by family_name
                            order by count(*) desc fetch first 1 rows only""").query(String.class).single();
            page.navigate(url("/search"));
            page.fill("#familyName", common);
            page.click("summary:has-text('search by age')");
            page.fill("#ageFrom", "8");
            page.fill("#ageTo", "11");
            page.click("button:has-text('Search')");
            assertThat(page.textContent("#refine")).contains("Refine your search", "More than 10 children match");
            assertThat(page.locator("table").count()).isZero();
            axe(page, "the request to refine");
            screenshot(page, "search-refine");

            page.navigate(url("/search"));
            page.fill("#familyName", common);
            page.click("button:has-text('Search')");
            assertThat(page.textContent(".govuk-error-summary")).contains("Enter a family name and");
            assertThat(page.title()).startsWith("Error:");
            axe(page, "the refusal");
            screenshot(page, "search-refused");
            List<String> refusedLinks = page.locator(".govuk-error-summary a").all().stream()
                    .map(a -> a.getAttribute("href"))
                    .toList();
            assertThat(refusedLinks).containsExactly("#dobDay");
        }
    }

    @Test
    void a_manager_produces_a_subject_access_report_of_a_child_of_the_authority() throws Exception {
        SearchIT.SOURCES.forEach(sources::register);
        if (jdbc.sql("select count(*) from source_record").query(Long.class).single() == 0) {
            for (var source : SearchIT.SOURCES) {
                loader.load(
                        source.code(),
                        SearchIT.generated().resolve(source.code().value() + ".csv"));
            }
        }
        access.ensureOrganisation(new AccessAdministration.NewOrganisation(
                "383", "Leeds City Council", AccessAdministration.OrganisationKind.LOCAL_AUTHORITY, "383"));
        access.ensureUser(new AccessAdministration.NewUser(
                "mina.manager",
                "Mina Manager",
                "383",
                PASSWORD,
                SECRET,
                LocalDate.now().minusYears(1),
                LocalDate.now().minusMonths(3),
                Set.of(Role.LA_MANAGER)));
        String childId = jdbc.sql("select child_id from child where local_authority_code = '383' order by id"
                        + " fetch first 1 rows only")
                .query(String.class)
                .single();
        String formatted = new uk.contactpoint.kernel.ChildId(childId).formatted();
        try (BrowserContext context = chromium.browser.newContext()) {
            Page page = context.newPage();
            signIn(page, "mina.manager");
            page.click("a.govuk-header__link:has-text('Subject access')");
            axe(page, "the subject access form");
            page.click("button:has-text('Show the report')");
            assertThat(page.textContent(".govuk-error-summary")).contains("Enter the child's ContactPoint ID");
            axe(page, "the subject access form's error");
            page.fill("#identifier", formatted);
            page.click("button:has-text('Show the report')");
            // The report is a long page: read it once the browser has all of it, not while it is still arriving.
            page.waitForSelector("#report h3:has-text('Who has looked')");
            assertThat(page.textContent("#report")).contains(formatted, "What ContactPoint holds", "Who has looked");
            axe(page, "the subject access report");
            screenshot(page, "subject-access-report");
            var download = page.waitForDownload(() -> page.click("button:has-text('Download as PDF')"));
            assertThat(download.suggestedFilename()).isEqualTo("subject-access-" + formatted + ".pdf");
            assertThat(java.nio.file.Files.readAllBytes(download.path())).startsWith("%PDF".getBytes());
        }
    }
}
