package uk.contactpoint.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import uk.contactpoint.testing.Chromium;
import uk.contactpoint.testing.Oathtool;
import uk.contactpoint.testing.TestDatabases;

/** Sign-in in a real Chromium: TOTP enrolment checked with oathtool, passkeys with a virtual authenticator, refusals. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class BrowserSignInIT {

    static final String PASSWORD = "browser test passphrase";
    static final int PORT = freePort();

    @DynamicPropertySource
    static void server(DynamicPropertyRegistry registry) {
        TestDatabases.h2(registry);
        registry.add("server.port", () -> PORT);
        registry.add("contactpoint.webauthn.allowed-origins", () -> "http://localhost:" + PORT);
    }

    static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Chromium chromium;

    @BeforeAll
    static void launch() {
        Oathtool.require();
        chromium = Chromium.launch();
    }

    @AfterAll
    static void quit() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Autowired
    AccessAdministration access;

    @Autowired
    JdbcClient jdbc;

    BrowserContext context;
    Page page;

    @BeforeEach
    void page() {
        context = chromium.browser.newContext();
        page = context.newPage();
        access.ensureOrganisation(new AccessAdministration.NewOrganisation(
                "383", "Leeds City Council", AccessAdministration.OrganisationKind.LOCAL_AUTHORITY, "383"));
    }

    @AfterEach
    void close() {
        context.close();
    }

    String url(String path) {
        return "http://localhost:" + PORT + path;
    }

    String user(String username, String secret, LocalDate vetting) {
        access.ensureUser(new AccessAdministration.NewUser(
                username,
                "Name of " + username,
                "383",
                PASSWORD,
                secret,
                vetting,
                LocalDate.now().minusMonths(3),
                Set.of(Role.PRACTITIONER)));
        return secret;
    }

    void password(String username, String password) {
        page.navigate(url("/sign-in"));
        assertThat(Chromium.accessibilityViolations(page))
                .as("axe on the sign-in page")
                .isEmpty();
        page.fill("#username", username);
        page.fill("#password", password);
        page.click("button:has-text('Sign in')");
    }

    @Test
    void a_new_user_enrols_totp_with_the_secret_shown_and_signs_in_again_with_a_code_from_oathtool() {
        user("brenda.browser", null, LocalDate.now().minusYears(1));
        password("brenda.browser", PASSWORD);
        assertThat(page.url()).endsWith("/sign-in/enrol");
        assertThat(Chromium.accessibilityViolations(page))
                .as("axe on the enrolment page")
                .isEmpty();
        assertThat(page.locator("img[alt='QR code for your authenticator app']").isVisible())
                .isTrue();
        String secret = page.textContent("#secret").replace(" ", "");
        page.fill("#code", Oathtool.code(secret));
        page.click("button:has-text('Continue')");
        assertThat(page.textContent("main")).contains("Name of brenda.browser");
        assertThat(Chromium.accessibilityViolations(page))
                .as("axe on the start page")
                .isEmpty();

        page.click("button:has-text('Sign out')");
        password("brenda.browser", PASSWORD);
        assertThat(page.url()).endsWith("/sign-in/second-factor");
        assertThat(Chromium.accessibilityViolations(page))
                .as("axe on the second-factor page")
                .isEmpty();
        // The code just used may not be used again: take the next step's code, which the one-step window accepts.
        page.fill("#code", Oathtool.code(secret, Instant.now().plusSeconds(30)));
        page.click("button:has-text('Continue')");
        assertThat(page.textContent("main")).contains("Name of brenda.browser");
    }

    @Test
    void a_wrong_code_is_refused_with_a_message() {
        String secret = user("walter.wrong", Totp.newSecret(), LocalDate.now().minusYears(1));
        password("walter.wrong", PASSWORD);
        String right = Oathtool.code(secret);
        page.fill("#code", right.equals("123456") ? "654321" : "123456");
        page.click("button:has-text('Continue')");
        assertThat(page.textContent(".govuk-error-summary")).contains("The code is not right");
        assertThat(Chromium.accessibilityViolations(page))
                .as("axe on the error page")
                .isEmpty();
        page.navigate(url("/"));
        assertThat(page.textContent("body")).doesNotContain("Name of walter.wrong");
    }

    @Test
    void a_lapsed_vetting_date_or_a_suspended_account_is_refused_with_the_reason() {
        user("vera.vetting", Totp.newSecret(), LocalDate.now().minusYears(3).minusDays(2));
        password("vera.vetting", PASSWORD);
        assertThat(page.textContent(".govuk-error-summary")).contains("more than 3 years old");
        assertThat(Chromium.accessibilityViolations(page))
                .as("axe on the refusal")
                .isEmpty();

        user("simon.suspended", Totp.newSecret(), LocalDate.now().minusYears(1));
        jdbc.sql("update app_user set status = 'SUSPENDED' where username = 'simon.suspended'")
                .update();
        password("simon.suspended", PASSWORD);
        assertThat(page.textContent(".govuk-error-summary")).contains("Your account is suspended");
    }

    @Test
    void a_passkey_registered_in_chromium_signs_in_as_the_second_factor_but_never_alone() {
        String secret = user("paula.passkey", Totp.newSecret(), LocalDate.now().minusYears(1));
        var cdp = context.newCDPSession(page);
        cdp.send("WebAuthn.enable");
        var options = new JsonObject();
        options.addProperty("protocol", "ctap2");
        options.addProperty("transport", "internal");
        options.addProperty("hasResidentKey", true);
        options.addProperty("hasUserVerification", true);
        options.addProperty("isUserVerified", true);
        options.addProperty("automaticPresenceSimulation", true);
        var params = new JsonObject();
        params.add("options", options);
        cdp.send("WebAuthn.addVirtualAuthenticator", params);

        password("paula.passkey", PASSWORD);
        page.fill("#code", Oathtool.code(secret));
        page.click("button:has-text('Continue')");
        page.navigate(url("/account"));
        assertThat(Chromium.accessibilityViolations(page))
                .as("axe on the account page")
                .isEmpty();
        page.fill("#passkey-label", "Test laptop");
        page.click("button:has-text('Register a passkey')");
        page.waitForURL("**/account?passkey-added");
        assertThat(page.textContent("main")).contains("Your passkey is registered", "Test laptop");

        page.click("button:has-text('Sign out')");
        password("paula.passkey", PASSWORD);
        assertThat(page.url()).endsWith("/sign-in/second-factor");
        page.click("#use-passkey");
        page.waitForURL(url("/"));
        assertThat(page.textContent("main")).contains("Name of paula.passkey");

        // Without the password first, the passkey endpoints refuse to start.
        page.click("button:has-text('Sign out')");
        page.navigate(url("/sign-in"));
        Object status = page.evaluate(
                "async () => (await fetch('/webauthn/authenticate/options', {method: 'POST', headers: {"
                        + "[document.querySelector('meta[name=\"_csrf_header\"]').content]: document.querySelector('meta[name=\"_csrf\"]').content}})).status");
        assertThat(status).isEqualTo(403);
    }
}
