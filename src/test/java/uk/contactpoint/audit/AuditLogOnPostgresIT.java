package uk.contactpoint.audit;

import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import uk.contactpoint.testing.TestDatabases;

class AuditLogOnPostgresIT extends AuditLogIT {

    @BeforeAll
    static void postgres() {
        TestDatabases.requirePostgres();
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.postgres(registry, "audit");
    }

    /** As the superuser: switch the table's triggers off, change, and switch them on again. */
    @Override
    void withoutProtection(Runnable change) {
        jdbc.sql("alter table audit_event disable trigger user").update();
        try {
            change.run();
        } finally {
            jdbc.sql("alter table audit_event enable trigger user").update();
        }
    }

    @Override
    void clearRetention() {
        for (String table : java.util.List.of("audit_tombstone", "audit_purged_child")) {
            jdbc.sql("alter table " + table + " disable trigger user").update();
            try {
                jdbc.sql("delete from " + table).update();
            } finally {
                jdbc.sql("alter table " + table + " enable trigger user").update();
            }
        }
    }
}
