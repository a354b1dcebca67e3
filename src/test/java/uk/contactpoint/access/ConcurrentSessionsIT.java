package uk.contactpoint.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import uk.contactpoint.testing.TestDatabases;

/**
 * More signed-in requests at once than the connection pool has connections: every one checks its account (as {@link
 * SessionGuard} does on each request), and none may wait for a second connection while holding a first, or the pool
 * deadlocks. The pool here has two connections and gives up after a second.
 */
@SpringBootTest(
        properties = {"spring.datasource.hikari.maximum-pool-size=2", "spring.datasource.hikari.connection-timeout=1000"
        })
class ConcurrentSessionsIT {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.h2(registry);
    }

    @Autowired
    AccessAdministration access;

    @Autowired
    Accounts accounts;

    @Test
    void account_checks_from_more_threads_than_connections_all_complete() throws Exception {
        access.ensureOrganisation(new AccessAdministration.NewOrganisation(
                "383", "Leeds", AccessAdministration.OrganisationKind.LOCAL_AUTHORITY, "383"));
        access.ensureUser(new AccessAdministration.NewUser(
                "busy.user",
                "Busy User",
                "383",
                "a passphrase for a busy user",
                Totp.newSecret(),
                LocalDate.now().minusYears(1),
                LocalDate.now().minusMonths(1),
                Set.of(Role.PRACTITIONER, Role.LA_TEAM)));
        long id = accounts.byUsername("busy.user").orElseThrow().id();

        try (var pool = Executors.newFixedThreadPool(8)) {
            List<Future<List<Role>>> checks = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                checks.add(pool.submit(() -> accounts.byId(id).orElseThrow().roles()));
            }
            for (var check : checks) {
                assertThat(check.get(30, TimeUnit.SECONDS)).containsExactly(Role.LA_TEAM, Role.PRACTITIONER);
            }
        }
    }
}
