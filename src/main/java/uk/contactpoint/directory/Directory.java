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

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }
}
