package uk.contactpoint.audit;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import uk.contactpoint.testing.TestDatabases;

class AuditLogOnH2IT extends AuditLogIT {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.h2(registry);
    }

    @Override
    void withoutProtection(Runnable change) {
        jdbc.sql("drop trigger audit_event_append_only").update();
        try {
            change.run();
        } finally {
            jdbc.sql("create trigger audit_event_append_only before update, delete on audit_event for each row call '"
                            + AppendOnlyTrigger.class.getName() + "'")
                    .update();
        }
    }

    @Override
    void clearRetention() {
        for (String table : java.util.List.of("audit_tombstone", "audit_purged_child")) {
            jdbc.sql("drop trigger " + table + "_append_only").update();
            jdbc.sql("delete from " + table).update();
            jdbc.sql("create trigger " + table + "_append_only before update, delete on " + table
                            + " for each row call '" + AppendOnlyTrigger.Always.class.getName() + "'")
                    .update();
        }
    }
}
