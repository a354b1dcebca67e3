package uk.contactpoint.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Appends events to the hash chain. Each entry's hash covers its content and the previous entry's hash, so altering,
 * removing or reordering an entry breaks every hash after it. Joins the caller's transaction: the event commits or
 * rolls back with the action it describes.
 */
@Service
public class AuditLog {

    static final String GENESIS = "0".repeat(64);

    private final JdbcClient jdbc;
    private final Clock clock;
    // One writer at a time on this node. Issue 7 replaces this with batched chaining for throughput and multi-node.
    private final ReentrantLock lock = new ReentrantLock();

    AuditLog(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public long record(AuditEvent event) {
        lock.lock();
        try {
            var last = jdbc.sql("select seq, entry_hash from audit_event order by seq desc limit 1")
                    .query((rs, n) -> new Object[] {rs.getLong(1), rs.getString(2)})
                    .optional();
            long seq = last.map(l -> (Long) l[0] + 1).orElse(1L);
            String previous = last.map(l -> (String) l[1]).orElse(GENESIS);
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            String hash = hash(seq, now, previous, event);
            jdbc.sql("""
                    insert into audit_event (seq, occurred_at, actor_user_id, actor_username, actor_organisation,
                        actor_role, client_address, user_agent, action, subject_child_id, detail, reason, outcome,
                        previous_hash, entry_hash)
                    values (:seq, :at, :userId, :username, :org, :role, :address, :agent, :action, :child, :detail,
                        :reason, :outcome, :previous, :hash)
                    """)
                    .param("seq", seq)
                    .param("at", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                    .param("userId", event.actorUserId())
                    .param("username", event.actorUsername())
                    .param("org", event.actorOrganisation())
                    .param("role", event.actorRole())
                    .param("address", event.clientAddress())
                    .param("agent", truncate(event.userAgent(), 500))
                    .param("action", event.action())
                    .param("child", event.subjectChildId())
                    .param("detail", truncate(event.detail(), 4000))
                    .param("reason", truncate(event.reason(), 1000))
                    .param("outcome", event.outcome().name())
                    .param("previous", previous)
                    .param("hash", hash)
                    .update();
            return seq;
        } finally {
            lock.unlock();
        }
    }

    static String hash(long seq, Instant at, String previous, AuditEvent e) {
        String canonical = String.join(
                "\u001f",
                Long.toString(seq),
                at.toString(),
                previous,
                Objects.toString(e.actorUserId(), ""),
                Objects.toString(e.actorUsername(), ""),
                Objects.toString(e.actorOrganisation(), ""),
                Objects.toString(e.actorRole(), ""),
                Objects.toString(e.clientAddress(), ""),
                Objects.toString(truncate(e.userAgent(), 500), ""),
                e.action(),
                Objects.toString(e.subjectChildId(), ""),
                Objects.toString(truncate(e.detail(), 4000), ""),
                Objects.toString(truncate(e.reason(), 1000), ""),
                e.outcome().name());
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e1) {
            throw new IllegalStateException(e1);
        }
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
