package uk.contactpoint.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Retention of the audit (issue 7): the entries about a child are kept for {@link #KEPT} after the child's record is
 * purged, then removed by this job. Each removed entry leaves a tombstone (chain position, event, child, hash), so
 * `audit verify` still walks the chain across the hole, and the run is itself an audit event. The database's
 * append-only rule allows exactly this removal and no other (V12). See docs/adr/0023-audit-retention.md.
 */
@Service
public class AuditRetention {

    /** How long the audit about a purged child is kept: the regulations' 6 years, which the database also enforces. */
    public static final Period KEPT = Period.ofYears(6);

    private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);

    /** What one run removed. */
    public record Run(long removed, long children, Long runSeq) {}

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final TransactionTemplate transactions;
    private final AuditLog audit;
    private final AuditChain chain;
    private final Clock clock;

    AuditRetention(
            JdbcClient jdbc,
            JdbcTemplate template,
            TransactionTemplate transactions,
            AuditLog audit,
            AuditChain chain,
            Clock clock) {
        this.jdbc = jdbc;
        this.template = template;
        this.transactions = transactions;
        this.audit = audit;
        this.chain = chain;
        this.clock = clock;
    }

    /** The directory has purged this child's record (ContactPoint ID, canonical form); its audit is kept from now. */
    public void childPurged(String childId, Instant purgedAt) {
        transactions.executeWithoutResult(tx -> {
            boolean known = jdbc.sql("select count(*) from audit_purged_child where child_id = :child")
                            .param("child", childId)
                            .query(Long.class)
                            .single()
                    > 0;
            if (!known) {
                jdbc.sql("insert into audit_purged_child (child_id, purged_at) values (:child, :at)")
                        .param("child", childId)
                        .param("at", OffsetDateTime.ofInstant(purgedAt, ZoneOffset.UTC))
                        .update();
            }
        });
    }

    @Scheduled(
            fixedDelayString = "${contactpoint.audit.retention-interval:24h}",
            initialDelayString = "${contactpoint.audit.retention-interval:24h}")
    void scheduled() {
        var run = run();
        if (run.removed() > 0) {
            log.info("audit retention removed {} entries about {} purged children", run.removed(), run.children());
        }
    }

    /**
     * Removes, in one transaction, every chained entry about a child purged longer than {@link #KEPT} ago, leaving
     * its tombstone, and records the run as a RETENTION event (also when it removes nothing).
     */
    public synchronized Run run() {
        chain.chainPending();
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        OffsetDateTime cutoff = now.minus(KEPT);
        return transactions.execute(tx -> {
            record Entry(long seq, long chainPos, String child, String hash) {}
            List<Entry> due = jdbc.sql("""
                            select e.seq, e.chain_pos, e.subject_child_id, e.entry_hash from audit_event e
                            join audit_purged_child p on p.child_id = e.subject_child_id
                            where p.purged_at < :cutoff and e.chain_pos is not null order by e.chain_pos""")
                    .param("cutoff", cutoff)
                    .query((rs, n) -> new Entry(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4)))
                    .list();
            long children = due.stream().map(Entry::child).distinct().count();
            long runSeq = audit.record(AuditEvent.bySystem(
                    "RETENTION",
                    "removed " + due.size() + " entries about " + children
                            + " children whose records were purged before " + cutoff.toLocalDate()
                            + (due.isEmpty()
                                    ? ""
                                    : " (chain positions " + due.getFirst().chainPos() + " to "
                                            + due.getLast().chainPos() + ")"),
                    AuditEvent.Outcome.SUCCESS));
            template.batchUpdate(
                    """
                    insert into audit_tombstone (chain_pos, seq, subject_child_id, entry_hash, removed_at, run_seq)
                    values (?, ?, ?, ?, ?, ?)""",
                    due.stream()
                            .map(e -> new Object[] {e.chainPos(), e.seq(), e.child(), e.hash(), now, runSeq})
                            .toList());
            template.batchUpdate(
                    "delete from audit_event where seq = ?",
                    due.stream().map(e -> new Object[] {e.seq()}).toList());
            return new Run(due.size(), children, runSeq);
        });
    }
}
