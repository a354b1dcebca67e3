package uk.contactpoint.access;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import uk.contactpoint.audit.AuditEvent;
import uk.contactpoint.audit.AuditLog;
import uk.contactpoint.audit.MisuseDetected;

/** Suspends an account at once when a misuse rule configured to do so fires, in the alert's transaction. */
@Component
class MisuseSuspension {

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Clock clock;

    MisuseSuspension(JdbcClient jdbc, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    @EventListener
    public void on(MisuseDetected alert) {
        if (!alert.suspend()) {
            return;
        }
        jdbc.sql("update app_user set status = 'SUSPENDED', sessions_valid_after = :at where id = :id")
                .param("at", OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC))
                .param("id", alert.userId())
                .update();
        audit.record(AuditEvent.bySystem(
                "USER_SUSPENDED",
                "user=" + alert.username() + " by misuse rule " + alert.rule(),
                AuditEvent.Outcome.SUCCESS));
    }
}
