package uk.contactpoint.directory;

import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import uk.contactpoint.testing.TestDatabases;

class RecordRetentionOnPostgresIT extends RecordRetentionIT {
    @BeforeAll
    static void postgres() {
        TestDatabases.requirePostgres();
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.postgres(registry, "retention");
    }
}
