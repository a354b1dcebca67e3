package uk.contactpoint.audit;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import uk.contactpoint.kernel.England;

/**
 * Reads the audit log for signs of misuse and raises alerts with their evidence: unusual search volume, searching
 * without opening records (fishing), any shield override, activity at unusual hours, records of children outside the
 * user's authority, and a child of the user's own family (the last two as the record's VIEW event recorded them). An alert of a rule listed in
 * {@code suspendOn} also suspends the account, through a {@link MisuseDetected} event the access module acts on.
 * Events are read by action name: SEARCH, VIEW and SHIELD_OVERRIDE are what the search and record work writes.
 */
@Service
public class MisuseDetector {

    /** How long a user's day counts are kept behind the newest day scanned: for events chained a little late. */
    static final Period TALLIES_KEPT = Period.ofDays(7);

    public record Alert(
            long userId, String username, String organisation, MisuseRules.Rule rule, LocalDate day, String evidence) {}

    private final JdbcClient jdbc;
    private final MisuseTallies tallies;
    private final AuditChain chain;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final MisuseRules rules;
    private final AuditLog audit;
    private final Clock clock;

    MisuseDetector(
            JdbcClient jdbc,
            MisuseTallies tallies,
            AuditChain chain,
            TransactionTemplate transactions,
            ApplicationEventPublisher events,
            MisuseRules rules,
            AuditLog audit,
            Clock clock) {
        this.jdbc = jdbc;
        this.tallies = tallies;
        this.chain = chain;
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

    /**
     * Reads the events chained since the last scan, once each, in chain order: the day rules (volume, fishing, out of
     * area) add them to the user's counts for the day, the event rules (shield override, unusual hours, own family)
     * look at each. Returns the new alerts. The cost follows the new events, not the size of the log (ADR 29).
     */
    public synchronized List<Alert> scan() {
        chain.chainPending(); // the scan reads only chained events: their positions come in commit order, with no gaps
        return transactions.execute(tx -> {
            long from = jdbc.sql("select last_chain_pos from misuse_scan where id = 1 for update")
                    .query(Long.class)
                    .single();
            long to = jdbc.sql("select last_pos from audit_chain_head where id = 1")
                    .query(Long.class)
                    .single();
            if (to <= from) {
                return List.of();
            }
            Map<Day, Tally> added = new LinkedHashMap<>();
            List<Alert> found = new ArrayList<>();
            jdbc.sql("""
                            select actor_user_id, actor_username, actor_organisation, occurred_at, action, outcome,
                                detail, seq, subject_child_id
                            from audit_event
                            where chain_pos > :from and chain_pos <= :to and actor_user_id is not null
                              and action in ('SEARCH', 'VIEW', 'SHIELD_OVERRIDE')
                            order by chain_pos""").param("from", from).param("to", to).query((RowCallbackHandler) rs -> {
                var event = new Event(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class).atZoneSameInstant(England.ZONE),
                        rs.getString(5),
                        "SUCCESS".equals(rs.getString(6)),
                        Objects.requireNonNullElse(rs.getString(7), ""),
                        rs.getLong(8),
                        rs.getString(9));
                added.computeIfAbsent(event.day(), d -> new Tally()).add(event);
                found.addAll(eventRules(event));
            });
            Map<Day, Tally> totals = tallies.addAll(added);
            totals.forEach((day, tally) -> found.addAll(dayRules(day, tally)));
            added.keySet().stream()
                    .map(Day::day)
                    .max(LocalDate::compareTo)
                    .ifPresent(newest -> tallies.forgetBefore(newest.minus(TALLIES_KEPT)));
            jdbc.sql("update misuse_scan set last_chain_pos = :to where id = 1")
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

    /** One user's day in England, as the day rules count it. */
    record Day(long userId, LocalDate day) {}

    /** A user's counts for one day, and the name and organisation the user had at the latest of its events. */
    static final class Tally {
        String username;
        String organisation;
        int searches;
        int views;
        int outOfAreaViews;

        Tally() {}

        Tally(String username, String organisation, int searches, int views, int outOfAreaViews) {
            this.username = username;
            this.organisation = organisation;
            this.searches = searches;
            this.views = views;
            this.outOfAreaViews = outOfAreaViews;
        }

        void add(Event event) {
            username = event.username();
            organisation = event.organisation();
            switch (event.action()) {
                case "SEARCH" -> searches++;
                case "VIEW" -> {
                    views++;
                    if (event.success() && event.detail().contains("outOfArea=true")) {
                        outOfAreaViews++;
                    }
                }
                default -> {}
            }
        }

        void add(Tally other) {
            username = other.username;
            organisation = other.organisation;
            searches += other.searches;
            views += other.views;
            outOfAreaViews += other.outOfAreaViews;
        }
    }

    private record Event(
            long userId,
            String username,
            String organisation,
            ZonedDateTime at,
            String action,
            boolean success,
            String detail,
            long seq,
            String child) {

        Day day() {
            return new Day(userId, at.toLocalDate());
        }

        Alert alert(MisuseRules.Rule rule, String evidence) {
            return new Alert(userId, username, organisation, rule, at.toLocalDate(), evidence);
        }
    }

    /** The rules that one event can break on its own. */
    private List<Alert> eventRules(Event event) {
        List<Alert> alerts = new ArrayList<>();
        if (event.action().equals("SHIELD_OVERRIDE")) {
            alerts.add(event.alert(
                    MisuseRules.Rule.SHIELD_OVERRIDE,
                    "opened a shielded record with the child-protection override (event " + event.seq() + ", child "
                            + event.child() + ")"));
        }
        if (!event.action().equals("SHIELD_OVERRIDE") && quiet(event.at().getHour())) { // searches and views
            alerts.add(event.alert(
                    MisuseRules.Rule.UNUSUAL_HOURS,
                    event.action() + " at " + event.at().toLocalTime().withNano(0) + " (event " + event.seq() + ")"));
        }
        if (event.action().equals("VIEW") && event.success() && event.detail().contains("ownFamily=true")) {
            alerts.add(event.alert(
                    MisuseRules.Rule.OWN_FAMILY,
                    "opened the record of a child with the user's own family name at the user's home postcode (event "
                            + event.seq() + ", child " + event.child() + ")"));
        }
        return alerts;
    }

    /** The rules that count a user's day, against the day's counts so far. */
    private List<Alert> dayRules(Day day, Tally tally) {
        List<Alert> alerts = new ArrayList<>();
        if (tally.searches > rules.searchesPerDay()) {
            alerts.add(alert(
                    day,
                    tally,
                    MisuseRules.Rule.VOLUME,
                    tally.searches + " searches in one day (limit " + rules.searchesPerDay() + ")"));
        }
        if (tally.searches >= rules.fishingSearches() && tally.views == 0) {
            alerts.add(alert(
                    day,
                    tally,
                    MisuseRules.Rule.FISHING,
                    tally.searches + " searches in one day and no record opened"));
        }
        if (tally.outOfAreaViews > rules.outOfAreaViewsPerDay()) {
            alerts.add(alert(
                    day,
                    tally,
                    MisuseRules.Rule.OUT_OF_AREA,
                    tally.outOfAreaViews + " records of children outside the user's authority opened in one day (limit "
                            + rules.outOfAreaViewsPerDay() + ")"));
        }
        return alerts;
    }

    private static Alert alert(Day day, Tally tally, MisuseRules.Rule rule, String evidence) {
        return new Alert(day.userId(), tally.username, tally.organisation, rule, day.day(), evidence);
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
