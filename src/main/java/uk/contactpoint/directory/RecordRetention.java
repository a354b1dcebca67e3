package uk.contactpoint.directory;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import uk.contactpoint.audit.AuditEvent;
import uk.contactpoint.audit.AuditLog;
import uk.contactpoint.audit.AuditRetention;
import uk.contactpoint.feeds.SourceRecords;
import uk.contactpoint.kernel.England;
import uk.contactpoint.kernel.IdList;

/**
 * Retention of children's records (docs/contactpoint.md, docs/adr/0030-record-retention.md): a record is archived at
 * the child's 18th birthday, or at 25 where the young person agreed to stay on, or a year after a death, whichever
 * comes first; it is purged 6 years after it was archived, with the source records it was built from, and from then
 * the audit about the child counts its own 6 years ({@link AuditRetention#childPurged}). Each batch of children is
 * archived or purged in one transaction with its audit events, so a crash leaves every child as before or as after.
 */
@Service
public class RecordRetention {

    static final Period CHILDHOOD = Period.ofYears(18);
    static final Period STAYING_ON = Period.ofYears(25);
    static final Period AFTER_DEATH = Period.ofYears(1);
    /** How long after archiving the team may open a record for data management. */
    static final Period DATA_MANAGEMENT = Period.ofYears(1);
    /** How long an archived record is kept before it is purged. */
    static final Period ARCHIVE_KEPT = Period.ofYears(6);

    private static final int BATCH = 1_000;
    private static final Logger log = LoggerFactory.getLogger(RecordRetention.class);

    /** What one run did. */
    public record Run(int archived, int purged) {}

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final ChangeLog changeLog;
    private final SourceRecords sourceRecords;
    private final AuditLog audit;
    private final AuditRetention auditRetention;
    private final Clock clock;

    RecordRetention(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            ChangeLog changeLog,
            SourceRecords sourceRecords,
            AuditLog audit,
            AuditRetention auditRetention,
            Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.changeLog = changeLog;
        this.sourceRecords = sourceRecords;
        this.audit = audit;
        this.auditRetention = auditRetention;
        this.clock = clock;
    }

    @Scheduled(
            fixedDelayString = "${contactpoint.retention.interval:24h}",
            initialDelayString = "${contactpoint.retention.interval:24h}")
    void scheduled() {
        var run = run(clock.instant());
        if (run.archived() + run.purged() > 0) {
            log.info("record retention archived {} and purged {} children", run.archived(), run.purged());
        }
    }

    /** Archives every record due by this moment, then purges every archived record due; records the run. */
    public synchronized Run run(Instant now) {
        LocalDate today = LocalDate.ofInstant(now, England.ZONE);
        int archived = 0;
        int done;
        do {
            done = transactions.execute(tx -> archiveBatch(today, now));
            archived += done;
        } while (done == BATCH);
        int purged = 0;
        do {
            done = transactions.execute(tx -> purgeBatch(now));
            purged += done;
        } while (done == BATCH);
        int archivedCount = archived;
        int purgedCount = purged;
        transactions.executeWithoutResult(tx -> audit.record(AuditEvent.bySystem(
                "RECORD_RETENTION",
                "archived=" + archivedCount + " purged=" + purgedCount + " on " + today,
                AuditEvent.Outcome.SUCCESS)));
        return new Run(archived, purged);
    }

    /** Why a record is archived: the rule that fell due first. */
    static String archiveReason(LocalDate dob, LocalDate staysOnUntil, LocalDate died, LocalDate today) {
        LocalDate byAge = staysOnUntil != null ? staysOnUntil : dob.plus(CHILDHOOD);
        LocalDate byDeath = died == null ? null : died.plus(AFTER_DEATH);
        if (byDeath != null && !byDeath.isAfter(today) && !byDeath.isAfter(byAge)) {
            return "a year after the death on " + died;
        }
        return staysOnUntil != null ? "stayed on until " + staysOnUntil : "18th birthday on " + dob.plus(CHILDHOOD);
    }

    private int archiveBatch(LocalDate today, Instant now) {
        record Due(long id, String childId, LocalDate dob, LocalDate staysOn, LocalDate died) {}
        List<Due> due = jdbc.sql("""
                        select id, child_id, date_of_birth, stays_on_until, date_of_death from child
                        where state in ('ACTIVE', 'UNKNOWN_TO_SOURCES', 'IDENTITY_CLOSED')
                          and ((stays_on_until is null and date_of_birth <= :adult) or stays_on_until <= :today
                               or date_of_death <= :deathKept)
                        order by id fetch first %d rows only""".formatted(BATCH))
                .param("adult", today.minus(CHILDHOOD))
                .param("today", today)
                .param("deathKept", today.minus(AFTER_DEATH))
                .query((rs, n) -> new Due(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getObject(3, LocalDate.class),
                        rs.getObject(4, LocalDate.class),
                        rs.getObject(5, LocalDate.class)))
                .list();
        if (due.isEmpty()) {
            return 0;
        }
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        List<ChangeLog.Change> changes = new ArrayList<>();
        for (String part : IdList.parts(due.stream().map(Due::id).toList())) {
            jdbc.sql("""
                    update child set state = 'ARCHIVED', archived_at = :at, updated_at = :at, version = version + 1
                    where id in (%s)""".formatted(part)).param("at", at).update();
        }
        for (Due d : due) {
            changes.add(new ChangeLog.Change(d.id(), ChangeLog.Kind.ARCHIVED));
            audit.record(AuditEvent.bySystem(
                    "RECORD_ARCHIVED",
                    d.childId(),
                    "archived: " + archiveReason(d.dob(), d.staysOn(), d.died(), today),
                    AuditEvent.Outcome.SUCCESS));
        }
        changeLog.append(changes);
        return due.size();
    }

    private int purgeBatch(Instant now) {
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        record Due(long id, String childId) {}
        List<Due> due = jdbc.sql("""
                        select id, child_id from child where state = 'ARCHIVED' and archived_at <= :cutoff
                        order by id fetch first %d rows only""".formatted(BATCH))
                .param("cutoff", at.minus(ARCHIVE_KEPT))
                .query((rs, n) -> new Due(rs.getLong(1), rs.getString(2)))
                .list();
        if (due.isEmpty()) {
            return 0;
        }
        // The children merged into these are the same people's earlier records: they go with them.
        Set<Long> ids = new LinkedHashSet<>(due.stream().map(Due::id).toList());
        List<Long> newest = List.copyOf(ids);
        while (!newest.isEmpty()) {
            List<Long> merged = new ArrayList<>();
            for (String part : IdList.parts(newest)) {
                merged.addAll(jdbc.sql("select id from child where merged_into in (" + part + ")")
                        .query(Long.class)
                        .list());
            }
            merged.removeIf(id -> !ids.add(id));
            newest = merged;
        }
        purge(ids);
        for (Due d : due) {
            audit.record(AuditEvent.bySystem(
                    "RECORD_PURGED",
                    d.childId(),
                    "purged " + ARCHIVE_KEPT.getYears() + " years after archiving",
                    AuditEvent.Outcome.SUCCESS));
            auditRetention.childPurged(d.childId(), now);
        }
        return due.size();
    }

    /** Deletes the children and everything held about them, their source records with them. */
    private void purge(Set<Long> children) {
        List<String> parts = IdList.parts(children);
        Set<Long> records = new LinkedHashSet<>();
        for (String part : parts) {
            records.addAll(
                    jdbc.sql("select source_record_id from source_link where match_result = 'MATCH' and child_id in ("
                                    + part + ")")
                            .query(Long.class)
                            .list());
        }
        List<String> recordParts = IdList.parts(records);
        for (String part : parts) {
            jdbc.sql("delete from child_merge_record where merge_id in (select id from child_merge"
                            + " where from_child_id in (" + part + ") or into_child_id in (" + part + "))")
                    .update();
            jdbc.sql("delete from child_merge where from_child_id in (" + part + ") or into_child_id in (" + part + ")")
                    .update();
            jdbc.sql("delete from source_link where child_id in (" + part + ")").update();
        }
        for (String part : recordParts) {
            jdbc.sql("delete from child_merge_record where source_record_id in (" + part + ")")
                    .update();
            jdbc.sql("delete from source_link where source_record_id in (" + part + ")")
                    .update();
            jdbc.sql("delete from link_key where source_record_id in (" + part + ")")
                    .update();
        }
        sourceRecords.purge(records);
        for (String part : parts) {
            for (String table : List.of(
                    "child_former_name", "carer", "involvement", "field_preference", "contact_request", "data_query")) {
                jdbc.sql("delete from " + table + " where child_id in (" + part + ")")
                        .update();
            }
            // Merged children point at their survivor: unhook them first, all of them are going.
            jdbc.sql("update child set merged_into = null where id in (" + part + ")")
                    .update();
        }
        for (String part : parts) {
            jdbc.sql("delete from child where id in (" + part + ")").update();
        }
    }
}
