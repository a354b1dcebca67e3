package uk.contactpoint.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import uk.contactpoint.access.AccessAdministration;
import uk.contactpoint.access.AccessAdministration.NewOrganisation;
import uk.contactpoint.access.AccessAdministration.NewUser;
import uk.contactpoint.access.AccessAdministration.OrganisationKind;
import uk.contactpoint.access.Role;
import uk.contactpoint.testing.TestDatabases;

/** The sign-in page over real HTTP against a started server. Issue 3 adds the browser tests and the second factor. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SignInIT {

    static final String PASSWORD = "a long enough passphrase";
    static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.h2(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    AccessAdministration access;

    @Autowired
    JdbcClient jdbc;

    HttpClient browser;

    @BeforeEach
    void users() {
        browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        access.ensureOrganisation(
                new NewOrganisation("383", "Leeds City Council", OrganisationKind.LOCAL_AUTHORITY, "383"));
        LocalDate today = LocalDate.now();
        access.ensureUser(new NewUser(
                "current",
                "Cara Current",
                "383",
                PASSWORD,
                null,
                today.minusYears(1),
                today.minusMonths(6),
                Set.of(Role.LA_TEAM)));
        access.ensureUser(new NewUser(
                "lapsed",
                "Len Lapsed",
                "383",
                PASSWORD,
                null,
                today.minusYears(3).minusDays(1),
                today.minusYears(2),
                Set.of(Role.PRACTITIONER)));
        access.ensureUser(new NewUser(
                "untrained",
                "Una Untrained",
                "383",
                PASSWORD,
                null,
                today.minusMonths(1),
                null,
                Set.of(Role.PRACTITIONER)));
        access.ensureUser(new NewUser(
                "suspended",
                "Sid Suspended",
                "383",
                PASSWORD,
                null,
                today.minusYears(1),
                today.minusYears(1),
                Set.of(Role.PRACTITIONER)));
        jdbc.sql("update app_user set status = 'SUSPENDED' where username = 'suspended'")
                .update();
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return browser.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Signs in as a browser would, following the redirect; returns the page that ends up shown. */
    String signIn(String username, String password) throws IOException, InterruptedException {
        String form = get("/sign-in").body();
        Matcher csrf = CSRF.matcher(form);
        assertThat(csrf.find()).as("the form carries a CSRF token").isTrue();
        String body = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf=" + csrf.group(1);
        var response = browser.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/sign-in"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(302);
        return get(URI.create(response.headers().firstValue("Location").orElseThrow())
                                .getPath() + "?"
                        + URI.create(response.headers().firstValue("Location").orElseThrow())
                                .getQuery())
                .body();
    }

    @Test
    void an_anonymous_visitor_is_sent_to_a_govuk_styled_sign_in_page() throws Exception {
        var start = get("/");
        assertThat(start.statusCode()).isEqualTo(302);
        assertThat(start.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/sign-in"));
        var page = get("/sign-in");
        assertThat(page.body()).contains("govuk-template", "govuk-header", "govuk-button", "Sign in to ContactPoint");
        assertThat(get("/govuk/govuk-frontend.min.css").statusCode()).isEqualTo(200);
        assertThat(get("/govuk/govuk-frontend.min.js").statusCode()).isEqualTo(200);
    }

    @Test
    void the_pages_carry_the_security_headers() throws Exception {
        var page = get("/sign-in");
        assertThat(page.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(csp -> assertThat(csp).contains("frame-ancestors 'none'", "default-src 'self'"));
        assertThat(page.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    }

    @Test
    void an_eligible_user_signs_in_and_sees_who_they_are() throws Exception {
        String page = signIn("current", PASSWORD);
        assertThat(page).contains("Cara Current", "Leeds City Council", "Local authority ContactPoint team");
    }

    @Test
    void a_wrong_password_gets_the_same_words_whether_or_not_the_user_exists() throws Exception {
        String known = signIn("current", "wrong password here");
        String unknown = signIn("nobody-at-all", "wrong password here");
        assertThat(known).contains("The username or password is not right.");
        assertThat(unknown).contains("The username or password is not right.");
    }

    @Test
    void a_lapsed_vetting_check_or_missing_training_refuses_sign_in_and_says_why() throws Exception {
        assertThat(signIn("lapsed", PASSWORD)).contains("more than 3 years old").doesNotContain("Len Lapsed");
        assertThat(signIn("untrained", PASSWORD)).contains("not completed ContactPoint training");
    }

    @Test
    void a_suspended_account_cannot_sign_in() throws Exception {
        assertThat(signIn("suspended", PASSWORD)).contains("Your account is suspended");
    }

    @Test
    void an_accounts_state_is_never_told_to_someone_without_its_password() throws Exception {
        assertThat(signIn("lapsed", "wrong password here"))
                .contains("The username or password is not right.")
                .doesNotContain("more than 3 years old");
        assertThat(signIn("suspended", "wrong password here"))
                .contains("The username or password is not right.")
                .doesNotContain("Your account is suspended");
    }
}
