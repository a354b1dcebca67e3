package uk.contactpoint.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import uk.contactpoint.feeds.LoadBusyException;
import uk.contactpoint.feeds.LoadLock;
import uk.contactpoint.generator.Identifiers;
import uk.contactpoint.testing.TestDatabases;

class FeedLoadingOnPostgresIT extends FeedLoadingIT {
    @BeforeAll
    static void postgres() {
        TestDatabases.requirePostgres();
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.postgres(registry, "feedloading");
    }

    @org.springframework.beans.factory.annotation.Value("${spring.datasource.url}")
    String url;

    /** Another process's load holds PostgreSQL's lock; killed, its session ends and the lock goes with it. */
    @Test
    void a_load_in_another_process_holds_the_lock_until_its_session_ends() throws Exception {
        Path file = feed(
                "elsewhere.csv",
                "record_id,nhs_number,given_names,family_name,date_of_birth",
                "elsewhere-1," + Identifiers.nhsNumber(random).value() + ",Cara,Elsewhere,2017-05-01");
        Connection otherProcess = DriverManager.getConnection(url, "postgres", "");
        try (var lock = otherProcess.prepareStatement("select pg_advisory_lock(?)")) {
            lock.setLong(1, LoadLock.KEY);
            lock.execute();
        }
        assertThatThrownBy(() -> loader.load(LOCAL.code(), file))
                .isInstanceOf(LoadBusyException.class)
                .hasMessageContaining("run this one again when it has finished");
        assertThat(count("select count(*) from feed_run where file_name = 'elsewhere.csv'"))
                .isZero();

        otherProcess.close(); // as a killed process's: its session ends without unlocking

        assertThat(loader.load(LOCAL.code(), file).inserted()).isEqualTo(1);
    }
}
