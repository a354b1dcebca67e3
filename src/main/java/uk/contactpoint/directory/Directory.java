package uk.contactpoint.directory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** What other modules may ask of the directory as a whole. */
@Service
public class Directory {

    /** Counts for an overview page: nothing in them identifies a child. */
    public record Totals(long children, long sourceRecords, long awaitingReview) {}

    private final JdbcClient jdbc;

    Directory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Totals totals() {
        return new Totals(
                count("select count(*) from child where state = 'ACTIVE'"),
                count("select count(*) from source_link where match_result = 'MATCH'"),
                count(
                        "select count(*) from source_link where match_result = 'POSSIBLE_MATCH' and link_source = 'AUTO'"));
    }

    /** A message from the ContactPoint team to an organisation's users, for example after an unmerge. */
    public record Notice(java.time.OffsetDateTime at, String message) {}

    /** The organisation's notices of the last 90 days, newest first (at most 20). */
    public java.util.List<Notice> notices(String organisationCode) {
        return jdbc
                .sql("""
                        select created_at, message from organisation_notice
                        where organisation_code = :org and created_at > :since order by created_at desc, id desc""")
                .param("org", organisationCode)
                .param(
                        "since",
                        java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusDays(90))
                .query((rs, n) -> new Notice(rs.getObject(1, java.time.OffsetDateTime.class), rs.getString(2)))
                .list()
                .stream()
                .limit(20)
                .toList();
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }
}
