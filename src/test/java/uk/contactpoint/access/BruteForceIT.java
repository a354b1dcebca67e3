package uk.contactpoint.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import uk.contactpoint.testing.Oathtool;
import uk.contactpoint.testing.TestDatabases;
import uk.contactpoint.testing.WebClient;

/** An attacker guessing passwords over HTTP: the account locks, nothing else changes, and timing tells nothing. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BruteForceIT {

    static final String PASSWORD = "a passphrase nobody guesses";

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

    String user(String username) {
        String secret = Totp.newSecret();
        access.ensureOrganisation(new AccessAdministration.NewOrganisation(
                "383", "Leeds", AccessAdministration.OrganisationKind.LOCAL_AUTHORITY, "383"));
        access.ensureUser(new AccessAdministration.NewUser(
                username,
                username,
                "383",
                PASSWORD,
                secret,
                LocalDate.now().minusYears(1),
                LocalDate.now().minusYears(1),
                Set.of(Role.PRACTITIONER)));
        return secret;
    }

    /** Everything stored about accounts except the two columns a failed sign-in may change. */
    List<Map<String, Object>> accountsSnapshot() {
        return jdbc.sql("""
                        select id, username, display_name, organisation_id, password_hash, totp_secret, totp_last_step,
                            vetting_checked_on, training_completed_on, status, sessions_valid_after, created_by
                        from app_user order by id""").query().listOfRows();
    }

    @Test
    void a_thousand_wrong_passwords_lock_the_account_and_change_nothing_else() {
        user("target.user");
        String bystanderSecret = user("bystander.user");
        var before = accountsSnapshot();
        long childrenBefore =
                jdbc.sql("select count(*) from child").query(Long.class).single();

        var attacker = new WebClient(port);
        attacker.get("/sign-in");
        for (int i = 0; i < 1_000; i++) {
            var response =
                    attacker.post("/sign-in", Map.of("username", "target.user", "password", "guess number " + i));
            assertThat(response.headers().firstValue("Location"))
                    .hasValueSatisfying(l -> assertThat(l).endsWith("/sign-in?error"));
        }

        assertThat(jdbc.sql("select locked_until from app_user where username = 'target.user'")
                        .query(java.time.OffsetDateTime.class)
                        .single())
                .isAfter(java.time.OffsetDateTime.now());
        assertThat(accountsSnapshot()).isEqualTo(before);
        assertThat(jdbc.sql("select count(*) from child").query(Long.class).single())
                .isEqualTo(childrenBefore);
        // Even the right password is refused while the account is locked, and the owner is told why.
        var owner = new WebClient(port);
        owner.get("/sign-in");
        assertThat(owner.follow(owner.post("/sign-in", Map.of("username", "target.user", "password", PASSWORD)))
                        .body())
                .contains("Your account is locked");
        // Other accounts are untouched.
        assertThat(new WebClient(port)
                        .signIn("bystander.user", PASSWORD, bystanderSecret)
                        .body())
                .contains("bystander.user");
    }

    @Test
    void the_time_to_refuse_a_wrong_password_does_not_tell_whether_the_username_exists() {
        user("timing.user");
        var client = new WebClient(port);
        client.get("/sign-in");
        // Warm up both paths, then alternate so that drift in the machine's load hits both equally.
        List<Long> known = new ArrayList<>();
        List<Long> unknown = new ArrayList<>();
        for (int i = 0; i < 44; i++) {
            // Fewer than the lockout limit in a row for the known user: reset its counter as a real owner's sign-in
            // would.
            jdbc.sql("update app_user set failed_sign_ins = 0, locked_until = null where username = 'timing.user'")
                    .update();
            long t0 = System.nanoTime();
            client.post("/sign-in", Map.of("username", "timing.user", "password", "wrong " + i));
            long t1 = System.nanoTime();
            client.post("/sign-in", Map.of("username", "no.such.user." + i, "password", "wrong " + i));
            long t2 = System.nanoTime();
            if (i >= 4) {
                known.add(t1 - t0);
                unknown.add(t2 - t1);
            }
        }
        double ratio = (double) median(known) / median(unknown);
        System.out.printf(
                "sign-in refusal medians: known user %.1f ms, unknown user %.1f ms, ratio %.2f%n",
                median(known) / 1e6, median(unknown) / 1e6, ratio);
        assertThat(ratio).isBetween(0.8, 1.25);
    }

    static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
