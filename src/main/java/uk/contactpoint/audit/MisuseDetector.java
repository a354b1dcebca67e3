package uk.contactpoint.audit;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads the audit log for signs of misuse and raises alerts with their evidence: unusual search volume, searching
 * without opening records (fishing), any shield override, activity at unusual hours, records of children outside the
 * user's authority, and a child of the user's own family (the last two as the record's VIEW event recorded them). An alert of a rule listed in
 * {@code suspendOn} also suspends the account, through a {@link MisuseDetected} event the access module acts on.
 * Events are read by action name: SEARCH, VIEW and SHIELD_OVERRIDE are what the search and record work writes.
 */
@Service
public class MisuseDetector {

    static final ZoneId ENGLAND = ZoneId.of("Europe/London");

    public record Alert(
            long userId, String username, String organisation, MisuseRules.Rule rule, LocalDate day, String evidence) {}

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final MisuseRules rules;
    private final AuditLog audit;
    private final Clock clock;

    MisuseDetector(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            ApplicationEventPublisher events,
            MisuseRules rules,
            AuditLog audit,
            Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.events = events;
        this.rules = rules;
        this.audit = audit;
        this.clock = clock;
    }

    @Scheduled(
            fixedDelayString = "${contactpoint.misuse.scan-interval:60s}",
            initialDelayString = "${contactpoint.misuse.scan-interval:60s}")
    void scheduled() {
        scan();
    }

    /** Scans the events written since the last scan, looking back over their whole days; returns the new alerts. */
    public synchronized List<Alert> scan() {
        return transactions.execute(tx -> {
            long from = jdbc.sql("select last_seq from misuse_scan where id = 1 for update")
                    .query(Long.class)
                    .single();
            // coalesce: JdbcClient refuses a null single value, and an empty log has no max.
            long to = jdbc.sql("select coalesce(max(seq), 0) from audit_event")
                    .query(Long.class)
                    .single();
            if (to <= from) {
                return List.of();
            }
            // The days touched by the new events, scanned whole so that counts include earlier events of the day.
            OffsetDateTime firstNew = jdbc.sql("select min(occurred_at) from audit_event where seq > :from")
                    .param("from", from)
                    .query(OffsetDateTime.class)
                    .single();
            OffsetDateTime since = firstNew.atZoneSameInstant(ENGLAND)
                    .toLocalDate()
                    .atStartOfDay(ENGLAND)
                    .toOffsetDateTime();
            List<Alert> found = new ArrayList<>();
            found.addAll(perDay(
                    MisuseRules.Rule.VOLUME,
                    since,
                    """
                    select actor_user_id, actor_username, actor_organisation, occurred_at from audit_event
                    where action = 'SEARCH' and actor_user_id is not null and occurred_at >= :since order by seq""",
                    count -> count > rules.searchesPerDay(),
                    count -> count + " searches in one day (limit " + rules.searchesPerDay() + ")"));
            found.addAll(fishing(since));
            found.addAll(single(
                    MisuseRules.Rule.SHIELD_OVERRIDE,
                    since,
                    "action = 'SHIELD_OVERRIDE'",
                    "opened a shielded record with the child-protection override"));
            found.addAll(unusualHours(since));
            found.addAll(perDay(
                    MisuseRules.Rule.OUT_OF_AREA,
                    since,
                    """
                    select actor_user_id, actor_username, actor_organisation, occurred_at from audit_event
                    where action = 'VIEW' and outcome = 'SUCCESS' and detail like '%outOfArea=true%'
                        and actor_user_id is not null and occurred_at >= :since order by seq""",
                    count -> count > rules.outOfAreaViewsPerDay(),
                    count -> count + " records of children outside the user's authority opened in one day (limit "
                            + rules.outOfAreaViewsPerDay() + ")"));
            found.addAll(single(
                    MisuseRules.Rule.OWN_FAMILY,
                    since,
                    "action = 'VIEW' and outcome = 'SUCCESS' and detail like '%ownFamily=true%'",
                    "opened the record of a child with the user's own family name at the user's home postcode"));
            jdbc.sql("update misuse_scan set last_seq = :to where id = 1")
                    .param("to", to)
                    .update();
            List<Alert> raised = new ArrayList<>();
            for (Alert alert : found) {
                if (raise(alert)) {
                    raised.add(alert);
                }
            }
            return raised;
        });
    }

    private interface Count {
        boolean exceeds(int count);
    }

    private interface Describe {
        String of(int count);
    }

    /** Counts matching events per user and England day. */
    private List<Alert> perDay(
            MisuseRules.Rule rule, OffsetDateTime since, String sql, Count limit, Describe describe) {
        record Key(long user, String username, String organisation, LocalDate day) {}
        var counts = new java.util.LinkedHashMap<Key, Integer>();
        jdbc.sql(sql)
                .param("since", since)
                .query((rs, n) -> {
                    var day = rs.getObject(4, OffsetDateTime.class)
                            .atZoneSameInstant(ENGLAND)
                            .toLocalDate();
                    counts.merge(new Key(rs.getLong(1), rs.getString(2), rs.getString(3), day), 1, Integer::sum);
                    return null;
                })
                .list();
        List<Alert> alerts = new ArrayList<>();
        counts.forEach((key, count) -> {
            if (limit.exceeds(count)) {
                alerts.add(
                        new Alert(key.user(), key.username(), key.organisation(), rule, key.day(), describe.of(count)));
            }
        });
        return alerts;
    }

    private List<Alert> fishing(OffsetDateTime since) {
        List<Alert> searches = perDay(
                MisuseRules.Rule.FISHING,
                since,
                """
                select actor_user_id, actor_username, actor_organisation, occurred_at from audit_event
                where action = 'SEARCH' and actor_user_id is not null and occurred_at >= :since order by seq""",
                count -> count >= rules.fishingSearches(),
                count -> count + " searches");
        List<Alert> alerts = new ArrayList<>();
        for (Alert candidate : searches) {
            OffsetDateTime start = candidate.day().atStartOfDay(ENGLAND).toOffsetDateTime();
            long views = jdbc.sql("""
                            select count(*) from audit_event where action = 'VIEW' and actor_user_id = :user
                            and occurred_at >= :start and occurred_at < :end""")
                    .param("user", candidate.userId())
                    .param("start", start)
                    .param("end", start.plusDays(1))
                    .query(Long.class)
                    .single();
            if (views == 0) {
                alerts.add(new Alert(
                        candidate.userId(),
                        candidate.username(),
                        candidate.organisation(),
                        MisuseRules.Rule.FISHING,
                        candidate.day(),
                        candidate.evidence() + " in one day and no record opened"));
            }
        }
        return alerts;
    }

    private List<Alert> single(MisuseRules.Rule rule, OffsetDateTime since, String condition, String what) {
        return jdbc.sql(
                        "select actor_user_id, actor_username, actor_organisation, occurred_at, seq, subject_child_id from audit_event"
                                + " where " + condition
                                + " and actor_user_id is not null and occurred_at >= :since order by seq")
                .param("since", since)
                .query((rs, n) -> new Alert(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rule,
                        rs.getObject(4, OffsetDateTime.class)
                                .atZoneSameInstant(ENGLAND)
                                .toLocalDate(),
                        what + " (event " + rs.getLong(5) + ", child " + rs.getString(6) + ")"))
                .list();
    }

    private List<Alert> unusualHours(OffsetDateTime since) {
        List<Alert> alerts = new ArrayList<>();
        jdbc.sql("""
                        select actor_user_id, actor_username, actor_organisation, occurred_at, seq, action from audit_event
                        where action in ('SEARCH', 'VIEW') and actor_user_id is not null and occurred_at >= :since order by seq""")
                .param("since", since)
                .query((rs, n) -> {
                    var local = rs.getObject(4, OffsetDateTime.class).atZoneSameInstant(ENGLAND);
                    if (quiet(local.getHour())) {
                        alerts.add(new Alert(
                                rs.getLong(1),
                                rs.getString(2),
                                rs.getString(3),
                                MisuseRules.Rule.UNUSUAL_HOURS,
                                local.toLocalDate(),
                                rs.getString(6) + " at " + local.toLocalTime().withNano(0) + " (event " + rs.getLong(5)
                                        + ")"));
                    }
                    return null;
                })
                .list();
        return alerts;
    }

    private boolean quiet(int hour) {
        int start = rules.quietHoursStart();
        int end = rules.quietHoursEnd();
        return start <= end ? hour >= start && hour < end : hour >= start || hour < end;
    }

    /** Stores the alert unless that user, rule and day has one already; returns whether it is new. */
    private boolean raise(Alert alert) {
        boolean suspend = rules.suspendOn().contains(alert.rule());
        // Skipped when the user, rule and day has one already: asked first rather than caught as a duplicate key,
        // because on PostgreSQL a failed statement aborts the whole scan's transaction. Scans are serial (the lock on
        // misuse_scan), so nothing can come between the two statements.
        long existing = jdbc.sql(
                        "select count(*) from misuse_alert where user_id = :user and rule = :rule and alert_day = :day")
                .param("user", alert.userId())
                .param("rule", alert.rule().name())
                .param("day", alert.day())
                .query(Long.class)
                .single();
        if (existing > 0) {
            return false;
        }
        jdbc.sql("""
                        insert into misuse_alert (user_id, username, organisation, rule, alert_day, detected_at, evidence,
                            suspended)
                        values (:user, :username, :org, :rule, :day, :at, :evidence, :suspended)""")
                .param("user", alert.userId())
                .param("username", alert.username())
                .param("org", alert.organisation())
                .param("rule", alert.rule().name())
                .param("day", alert.day())
                .param("at", OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC))
                .param("evidence", AuditHash.truncate(alert.evidence(), 4000))
                .param("suspended", suspend)
                .update();
        audit.record(AuditEvent.bySystem(
                "MISUSE_ALERT",
                "user=" + alert.username() + " rule=" + alert.rule() + " " + alert.evidence(),
                AuditEvent.Outcome.SUCCESS));
        events.publishEvent(
                new MisuseDetected(alert.userId(), alert.username(), alert.rule(), suspend, alert.evidence()));
        return true;
    }

    /** The alerts about users of these organisations (null for all), newest first. */
    public List<Alert> alerts(java.util.Collection<String> organisations) {
        return jdbc
                .sql(
                        "select user_id, username, organisation, rule, alert_day, evidence from misuse_alert order by detected_at desc")
                .query((rs, n) -> new Alert(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        MisuseRules.Rule.valueOf(rs.getString(4)),
                        rs.getObject(5, LocalDate.class),
                        rs.getString(6)))
                .list()
                .stream()
                .filter(a -> organisations == null || organisations.contains(a.organisation()))
                .toList();
    }
}
