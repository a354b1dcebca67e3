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
 * describes, so no response leaves without its record; or, for an action that changes nothing (a search), in a commit
 * shared with the others of the moment, before the answer is given ({@link #recordNow}). An append is a plain insert that takes no lock; the
 * {@link AuditChain} links committed events into the hash chain in batches. See
 * docs/adr/0013-audit-chain-and-checkpoints.md.
 */
@Service
public class AuditLog {

    static final String GENESIS = "0".repeat(64);

    /** The insert of one event, the sequence number drawn by the insert itself; its values are {@link #row}. */
    static final String INSERT_POSITIONAL = """
            insert into audit_event (seq, occurred_at, actor_user_id, actor_username, actor_organisation,
                actor_role, client_address, user_agent, action, subject_child_id, detail, reason, outcome)
            values (nextval('audit_event_seq'), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private final JdbcClient jdbc;
    private final AuditAppender appender;
    private final Clock clock;

    AuditLog(JdbcClient jdbc, AuditAppender appender, Clock clock) {
        this.jdbc = jdbc;
        this.appender = appender;
        this.clock = clock;
    }

    /**
     * Records the event of an action that changes nothing in the database (a search), with the others arriving at the
     * same moment, in one transaction and one durable commit; returns once it has committed, and throws if it could
     * not be written, so that the answer is not given. Not for an action that changes something: that records in its
     * own transaction with {@link #record}, so that the event and the change commit together or not at all.
     */
    public void recordNow(AuditEvent event) {
        appender.append(row(event));
    }

    /**
     * Records the event; returns its sequence number. One statement: the number is drawn from the sequence by the
     * insert itself and read back as a generated key, so an append costs one round trip to the database, not two.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public long record(AuditEvent event) {
        var seq = new GeneratedKeyHolder();
        jdbc.sql(INSERT_POSITIONAL).params(row(event)).update(seq, "seq");
        return seq.getKeyAs(Long.class);
    }

    /** The values of {@link #INSERT_POSITIONAL} for the event, stamped now. */
    private Object[] row(AuditEvent event) {
        // Microseconds: what both databases keep, so that the hash computed later from the row matches.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return new Object[] {
            OffsetDateTime.ofInstant(now, ZoneOffset.UTC),
            event.actorUserId(),
            event.actorUsername(),
            event.actorOrganisation(),
            event.actorRole(),
            event.clientAddress(),
            AuditHash.truncate(event.userAgent(), 500),
            event.action(),
            event.subjectChildId(),
            AuditHash.truncate(event.detail(), 4000),
            AuditHash.truncate(event.reason(), 1000),
            event.outcome().name()
        };
    }
}
