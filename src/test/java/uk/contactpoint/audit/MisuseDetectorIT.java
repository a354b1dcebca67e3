package uk.contactpoint.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import uk.contactpoint.access.AccessAdministration;
import uk.contactpoint.access.Role;
import uk.contactpoint.kernel.England;

/**
 * Each misuse rule fires on a scripted scenario, stays quiet on normal use, and can suspend the account. Subclasses
 * choose H2 or PostgreSQL (where a failed statement aborts the scan's whole transaction).
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
            "contactpoint.misuse.searches-per-day=30",
            "contactpoint.misuse.fishing-searches=10",
            "contactpoint.misuse.suspend-on=SHIELD_OVERRIDE",
            "contactpoint.misuse.scan-interval=1h",
            "contactpoint.audit.chain-interval=1h"
        })
abstract class MisuseDetectorIT {

    @Autowired
    MisuseDetector detector;

    @Autowired
    AccessAdministration access;

    @Autowired
    JdbcClient jdbc;

    static final AtomicLong USERS = new AtomicLong();
    static final LocalDate DAY = LocalDate.of(2026, 11, 10);

    long userId;
    String username;

    @BeforeEach
    void aPractitioner() {
        username = "practitioner" + USERS.incrementAndGet();
        access.ensureOrganisation(new AccessAdministration.NewOrganisation(
                "383", "Leeds", AccessAdministration.OrganisationKind.LOCAL_AUTHORITY, "383"));
        access.ensureUser(new AccessAdministration.NewUser(
                username,
                username,
                "383",
                "a long passphrase here",
                null,
                LocalDate.now().minusYears(1),
                LocalDate.now(),
                Set.of(Role.PRACTITIONER)));
        userId = jdbc.sql("select id from app_user where username = ?")
                .param(username)
                .query(Long.class)
                .single();
    }

    /** An event as the search and record work will write it, at a chosen time of day in England. */
    void event(String action, LocalTime at, String child) {
        event(action, at, child, null);
    }

    /** The same with a sequence number taken earlier (a transaction that commits after later ones), or null. */
    void event(String action, LocalTime at, String child, Long seq) {
        var time = DAY.atTime(at).atZone(England.ZONE).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
        jdbc.sql("""
                insert into audit_event (seq, occurred_at, actor_user_id, actor_username, actor_organisation, actor_role,
                    action, subject_child_id, outcome)
                values (coalesce(:seq, nextval('audit_event_seq')), :at, :user, :username, '383', 'PRACTITIONER',
                    :action, :child, 'SUCCESS')""")
                .param("seq", seq, java.sql.Types.BIGINT)
                .param("at", time)
                .param("user", userId)
                .param("username", username)
                .param("action", action)
                .param("child", child)
                .update();
    }

    void searches(int count, LocalTime from) {
        for (int i = 0; i < count; i++) {
            event("SEARCH", from.plusMinutes(i), null);
        }
    }

    /** The evidence of the user's one alert. */
    String evidence() {
        return jdbc.sql("select evidence from misuse_alert where user_id = ?")
                .param(userId)
                .query(String.class)
                .single();
    }

    List<MisuseRules.Rule> alertsForUser() {
        detector.scan();
        return jdbc.sql("select rule from misuse_alert where user_id = ? order by rule")
                .param(userId)
                .query((rs, n) -> MisuseRules.Rule.valueOf(rs.getString(1)))
                .list();
    }

    @Test
    void a_normal_day_of_searches_that_open_records_raises_nothing() {
        searches(12, LocalTime.of(9, 0));
        for (int i = 0; i < 8; i++) {
            event("VIEW", LocalTime.of(10, i), "CP" + i);
        }
        assertThat(alertsForUser()).isEmpty();
    }

    @Test
    void unusual_search_volume_raises_an_alert_with_the_count() {
        searches(31, LocalTime.of(9, 0));
        event("VIEW", LocalTime.of(11, 0), "CP1");
        assertThat(alertsForUser()).containsExactly(MisuseRules.Rule.VOLUME);
        assertThat(evidence()).contains("31 searches");
    }

    @Test
    void searching_without_opening_any_record_is_fishing() {
        searches(10, LocalTime.of(13, 0));
        assertThat(alertsForUser()).containsExactly(MisuseRules.Rule.FISHING);
    }

    @Test
    void any_shield_override_raises_an_alert_and_can_suspend_the_account() {
        event("VIEW", LocalTime.of(14, 0), "CP9");
        event("SHIELD_OVERRIDE", LocalTime.of(14, 5), "CP9");
        assertThat(alertsForUser()).containsExactly(MisuseRules.Rule.SHIELD_OVERRIDE);
        assertThat(jdbc.sql("select status from app_user where id = ?")
                        .param(userId)
                        .query(String.class)
                        .single())
                .isEqualTo("SUSPENDED");
        assertThat(jdbc.sql("select sessions_valid_after from app_user where id = ?")
                        .param(userId)
                        .query(OffsetDateTime.class)
                        .single())
                .isNotNull();
    }

    @Test
    void searching_at_night_is_unusual() {
        event("SEARCH", LocalTime.of(23, 30), null);
        event("VIEW", LocalTime.of(23, 32), "CP3");
        assertThat(alertsForUser()).containsExactly(MisuseRules.Rule.UNUSUAL_HOURS);
    }

    @Test
    void a_second_scan_raises_no_second_alert_for_the_same_day() {
        searches(10, LocalTime.of(15, 0));
        assertThat(alertsForUser()).containsExactly(MisuseRules.Rule.FISHING);
        searches(2, LocalTime.of(16, 0));
        assertThat(alertsForUser()).containsExactly(MisuseRules.Rule.FISHING);
    }

    @Test
    void a_days_searches_are_counted_across_scans() {
        event("VIEW", LocalTime.of(9, 0), "CP1");
        searches(20, LocalTime.of(9, 1));
        assertThat(alertsForUser()).isEmpty();
        searches(11, LocalTime.of(12, 0));
        assertThat(alertsForUser()).containsExactly(MisuseRules.Rule.VOLUME);
        assertThat(evidence()).contains("31 searches");
    }

    @Test
    void a_user_renamed_during_the_day_is_still_one_user_with_one_count() {
        event("VIEW", LocalTime.of(9, 0), "CP1");
        searches(20, LocalTime.of(9, 1));
        username = username + ".renamed";
        searches(11, LocalTime.of(11, 0));
        assertThat(alertsForUser()).containsExactly(MisuseRules.Rule.VOLUME);
        assertThat(evidence()).contains("31 searches");
    }

    @Test
    void a_search_committed_after_later_ones_were_scanned_still_counts() {
        List<Long> taken = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            taken.add(jdbc.sql("select nextval('audit_event_seq')")
                    .query(Long.class)
                    .single());
        }
        event("VIEW", LocalTime.of(9, 0), "CP1");
        searches(25, LocalTime.of(9, 1));
        assertThat(alertsForUser()).isEmpty();
        for (long seq : taken) {
            event("SEARCH", LocalTime.of(9, 40), null, seq);
        }
        assertThat(alertsForUser()).containsExactly(MisuseRules.Rule.VOLUME);
    }

    @Test
    void the_alert_itself_is_audited() {
        searches(10, LocalTime.of(8, 0));
        alertsForUser();
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'MISUSE_ALERT' and detail like ?")
                        .param("user=" + username + " %")
                        .query(Long.class)
                        .single())
                .isOne();
    }
}
