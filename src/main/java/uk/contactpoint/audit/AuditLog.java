package uk.contactpoint.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Appends events to the audit log, in the caller's transaction: the event commits or rolls back with the action it
 * describes, so no response leaves without its record. An append is a plain insert that takes no lock; the
 * {@link AuditChain} links committed events into the hash chain in batches. See
 * docs/adr/0013-audit-chain-and-checkpoints.md.
 */
@Service
public class AuditLog {

    static final String GENESIS = "0".repeat(64);

    private final JdbcClient jdbc;
    private final Clock clock;

    AuditLog(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Records the event; returns its sequence number. One statement: the number is drawn from the sequence by the
     * insert itself and read back as a generated key, so an append costs one round trip to the database, not two
     * (every search writes one).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public long record(AuditEvent event) {
        // Microseconds: what both databases keep, so that the hash computed later from the row matches.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        var seq = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into audit_event (seq, occurred_at, actor_user_id, actor_username, actor_organisation,
                    actor_role, client_address, user_agent, action, subject_child_id, detail, reason, outcome)
                values (nextval('audit_event_seq'), :at, :userId, :username, :org, :role, :address, :agent, :action,
                    :child, :detail, :reason, :outcome)
                """)
                .param("at", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .param("userId", event.actorUserId())
                .param("username", event.actorUsername())
                .param("org", event.actorOrganisation())
                .param("role", event.actorRole())
                .param("address", event.clientAddress())
                .param("agent", AuditHash.truncate(event.userAgent(), 500))
                .param("action", event.action())
                .param("child", event.subjectChildId())
                .param("detail", AuditHash.truncate(event.detail(), 4000))
                .param("reason", AuditHash.truncate(event.reason(), 1000))
                .param("outcome", event.outcome().name())
                .update(seq, "seq");
        return seq.getKeyAs(Long.class);
    }
}
