package uk.contactpoint.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import uk.contactpoint.access.AccessAdministration.NewOrganisation;
import uk.contactpoint.access.AccessAdministration.NewUser;
import uk.contactpoint.access.AccessAdministration.OrganisationKind;
import uk.contactpoint.testing.Oathtool;
import uk.contactpoint.testing.TestDatabases;
import uk.contactpoint.testing.WebClient;

/** Sign-in over real HTTP against a started server: both factors, eligibility, and what a stranger can learn. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SignInIT {

    static final String PASSWORD = "correct horse battery";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.h2(registry);
    }

    @BeforeAll
    static void tools() {
        Oathtool.require();
    }

    @LocalServerPort
    int port;

    @Autowired
    AccessAdministration access;

    @Autowired
    JdbcClient jdbc;

    WebClient browser;

    static final Map<String, String> SECRETS = new java.util.concurrent.ConcurrentHashMap<>();

    String user(String username, LocalDate vetting, LocalDate training, boolean enrolled) {
        String secret = SECRETS.computeIfAbsent(username, u -> Totp.newSecret());
        access.ensureOrganisation(
                new NewOrganisation("383", "Leeds City Council", OrganisationKind.LOCAL_AUTHORITY, "383"));
        access.ensureUser(new NewUser(
                username,
                "Name of " + username,
                "383",
                PASSWORD,
                enrolled ? secret : null,
                vetting,
                training,
                Set.of(Role.LA_TEAM)));
        return secret;
    }

    String user(String username) {
        return user(username, LocalDate.now().minusYears(1), LocalDate.now().minusMonths(6), true);
    }

    @BeforeEach
    void browser() {
        browser = new WebClient(port);
    }

    @Test
    void an_anonymous_visitor_is_sent_to_a_govuk_styled_sign_in_page() {
        var start = browser.get("/");
        assertThat(start.statusCode()).isEqualTo(302);
        assertThat(start.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/sign-in"));
        assertThat(browser.get("/sign-in").body())
                .contains("govuk-template", "govuk-header", "govuk-button", "Sign in to ContactPoint");
        assertThat(browser.get("/govuk/govuk-frontend.min.css").statusCode()).isEqualTo(200);
        assertThat(browser.get("/govuk/govuk-frontend.min.js").statusCode()).isEqualTo(200);
    }

    @Test
    void the_pages_carry_the_security_headers_and_a_secure_session_cookie() {
        var page = browser.get("/sign-in");
        assertThat(page.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(csp -> assertThat(csp).contains("frame-ancestors 'none'", "default-src 'self'"));
        assertThat(page.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(page.headers().allValues("Set-Cookie"))
                .anySatisfy(c -> assertThat(c).contains("JSESSIONID", "Secure", "HttpOnly", "SameSite=Strict"));
    }

    @Test
    void a_password_and_a_code_from_oathtool_sign_in_and_show_who_you_are() {
        String secret = user("cara.current");
        var page = browser.signIn("cara.current", PASSWORD, secret);
        assertThat(page.body())
                .contains("Name of cara.current", "Leeds City Council", "Local authority ContactPoint team");
    }

    @Test
    void a_password_alone_reaches_only_the_second_factor_page() {
        user("pat.password");
        browser.get("/sign-in");
        var response = browser.post("/sign-in", Map.of("username", "pat.password", "password", PASSWORD));
        assertThat(response.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/sign-in/second-factor"));
        for (String page : List.of("/", "/admin/users", "/account")) {
            assertThat(browser.get(page).headers().firstValue("Location"))
                    .as(page)
                    .hasValueSatisfying(l -> assertThat(l).endsWith("/sign-in/second-factor?denied"));
        }
    }

    @Test
    void a_wrong_code_is_refused_and_a_used_code_is_never_accepted_again() {
        String secret = user("wendy.wrong");
        browser.get("/sign-in");
        browser.post("/sign-in", Map.of("username", "wendy.wrong", "password", PASSWORD));
        browser.get("/sign-in/second-factor");
        String right = Oathtool.code(secret);
        String wrong = right.equals("000000") ? "111111" : "000000";
        var refused = browser.post("/sign-in/second-factor", Map.of("code", wrong));
        assertThat(refused.body()).contains("The code is not right");
        var accepted = browser.follow(browser.post("/sign-in/second-factor", Map.of("code", right)));
        assertThat(accepted.body()).contains("Name of wendy.wrong");

        var again = new WebClient(port);
        again.get("/sign-in");
        again.post("/sign-in", Map.of("username", "wendy.wrong", "password", PASSWORD));
        again.get("/sign-in/second-factor");
        assertThat(again.post("/sign-in/second-factor", Map.of("code", right)).body())
                .contains("The code is not right");
    }

    @Test
    void a_new_account_enrols_with_the_secret_shown_and_a_code_from_oathtool() {
        user("nina.new", LocalDate.now().minusYears(1), LocalDate.now().minusMonths(1), false);
        browser.get("/sign-in");
        var response = browser.post("/sign-in", Map.of("username", "nina.new", "password", PASSWORD));
        assertThat(response.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/sign-in/enrol"));
        String page = browser.get("/sign-in/enrol").body();
        assertThat(page).contains("data:image/png;base64,");
        String secret =
                page.replaceAll("(?s).*id=\"secret\">([A-Z2-7 ]+)<.*", "$1").replace(" ", "");
        assertThat(secret).matches("[A-Z2-7]{32}");
        var done = browser.follow(browser.post("/sign-in/enrol", Map.of("code", Oathtool.code(secret))));
        assertThat(done.body()).contains("Name of nina.new");
        assertThat(jdbc.sql("select totp_secret from app_user where username = 'nina.new'")
                        .query(String.class)
                        .single())
                .isEqualTo(secret);
    }

    @Test
    void a_wrong_password_gets_the_same_words_whether_or_not_the_user_exists() {
        user("kim.known");
        browser.get("/sign-in");
        String known = browser.follow(
                        browser.post("/sign-in", Map.of("username", "kim.known", "password", "not the password")))
                .body();
        String unknown = browser.follow(
                        browser.post("/sign-in", Map.of("username", "nobody.at.all", "password", "not the password")))
                .body();
        assertThat(known).contains("The username or password is not right.");
        assertThat(unknown).contains("The username or password is not right.");
    }

    @Test
    void a_lapsed_vetting_check_or_missing_training_refuses_sign_in_and_says_why() {
        user(
                "len.lapsed",
                LocalDate.now().minusYears(3).minusDays(1),
                LocalDate.now().minusYears(2),
                true);
        user("una.untrained", LocalDate.now().minusMonths(1), null, true);
        browser.get("/sign-in");
        assertThat(browser.follow(browser.post("/sign-in", Map.of("username", "len.lapsed", "password", PASSWORD)))
                        .body())
                .contains("more than 3 years old");
        assertThat(browser.follow(browser.post("/sign-in", Map.of("username", "una.untrained", "password", PASSWORD)))
                        .body())
                .contains("not completed ContactPoint training");
    }

    @Test
    void a_suspended_account_cannot_sign_in_and_its_open_session_ends_at_once() {
        String secret = user("sid.suspended");
        assertThat(browser.signIn("sid.suspended", PASSWORD, secret).body()).contains("Name of sid.suspended");
        jdbc.sql(
                        "update app_user set status = 'SUSPENDED', sessions_valid_after = current_timestamp where username = 'sid.suspended'")
                .update();

        var next = browser.get("/");
        assertThat(next.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).contains("/sign-in?ended=suspended"));
        assertThat(browser.get("/").headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/sign-in"));
        var fresh = new WebClient(port);
        fresh.get("/sign-in");
        assertThat(fresh.follow(fresh.post("/sign-in", Map.of("username", "sid.suspended", "password", PASSWORD)))
                        .body())
                .contains("Your account is suspended");
    }

    @Test
    void an_accounts_state_is_never_told_to_someone_without_its_password() {
        user("lou.lapsed", LocalDate.now().minusYears(4), LocalDate.now().minusYears(2), true);
        browser.get("/sign-in");
        assertThat(browser.follow(browser.post(
                                "/sign-in", Map.of("username", "lou.lapsed", "password", "not the password")))
                        .body())
                .contains("The username or password is not right.")
                .doesNotContain("more than 3 years old");
    }

    @Test
    void five_wrong_codes_lock_the_account_until_the_team_unlocks_it() {
        String secret = user("liz.locked");
        String right = Oathtool.code(secret, Instant.now());
        String wrong = right.equals("000000") ? "111111" : "000000";
        browser.get("/sign-in");
        browser.post("/sign-in", Map.of("username", "liz.locked", "password", PASSWORD));
        browser.get("/sign-in/second-factor");
        for (int i = 0; i < Accounts.LOCK_AFTER_FAILURES - 1; i++) {
            assertThat(browser.post("/sign-in/second-factor", Map.of("code", wrong))
                            .body())
                    .contains("The code is not right");
        }
        var locked = browser.post("/sign-in/second-factor", Map.of("code", wrong));
        assertThat(locked.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).contains("ended=locked"));

        var later = new WebClient(port);
        later.get("/sign-in");
        assertThat(later.follow(later.post("/sign-in", Map.of("username", "liz.locked", "password", PASSWORD)))
                        .body())
                .contains("Your account is locked");

        jdbc.sql("update app_user set locked_until = null where username = 'liz.locked'")
                .update();
        assertThat(later.signIn("liz.locked", PASSWORD, secret).body()).contains("Name of liz.locked");
    }
}
