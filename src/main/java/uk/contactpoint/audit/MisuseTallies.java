package uk.contactpoint.audit;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Each user's counts per day that the misuse scan has read so far (V18). Written only by the scan, under its lock. */
@Repository
class MisuseTallies {

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    MisuseTallies(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    /** Adds the counts of newly read events to the stored ones; returns the totals of the days touched. */
    Map<MisuseDetector.Day, MisuseDetector.Tally> addAll(Map<MisuseDetector.Day, MisuseDetector.Tally> added) {
        Map<MisuseDetector.Day, MisuseDetector.Tally> totals = new LinkedHashMap<>();
        List<Object[]> updates = new ArrayList<>();
        List<Object[]> inserts = new ArrayList<>();
        added.forEach((day, more) -> {
            var stored = jdbc.sql("""
                            select searches, views, out_of_area_views from misuse_tally
                            where user_id = :user and tally_day = :day""")
                    .param("user", day.userId())
                    .param("day", day.day())
                    .query((rs, n) -> new MisuseDetector.Tally(null, null, rs.getInt(1), rs.getInt(2), rs.getInt(3)))
                    .optional();
            var total = stored.orElseGet(MisuseDetector.Tally::new);
            total.add(more);
            totals.put(day, total);
            (stored.isPresent() ? updates : inserts).add(new Object[] {
                total.searches,
                total.views,
                total.outOfAreaViews,
                total.username,
                total.organisation,
                day.userId(),
                day.day()
            });
        });
        template.batchUpdate("""
                update misuse_tally set searches = ?, views = ?, out_of_area_views = ?, username = ?, organisation = ?
                where user_id = ? and tally_day = ?""", updates);
        template.batchUpdate("""
                insert into misuse_tally (searches, views, out_of_area_views, username, organisation, user_id, tally_day)
                values (?, ?, ?, ?, ?, ?, ?)""", inserts);
        return totals;
    }

    /** Forgets the days before this one: no event of theirs is still to be read. */
    void forgetBefore(LocalDate day) {
        jdbc.sql("delete from misuse_tally where tally_day < :day")
                .param("day", day)
                .update();
    }
}
