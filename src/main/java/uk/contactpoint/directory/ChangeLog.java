package uk.contactpoint.directory;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import uk.contactpoint.kernel.BulkInsert;

/**
 * The ordered log of changes to children. Written in the transaction that makes the change, so a follower (each
 * node's search index) that reads it in sequence order sees every change that committed.
 */
@Repository
class ChangeLog {

    enum Kind {
        CREATED,
        UPDATED,
        MERGED,
        SHIELDED,
        UNSHIELDED,
        CLOSED,
        ARCHIVED
    }

    record Change(long childId, Kind kind) {}

    private final JdbcTemplate jdbc;
    private final Clock clock;

    ChangeLog(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    void append(List<Change> changes) {
        OffsetDateTime at = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        List<Object[]> rows = changes.stream()
                .map(c -> new Object[] {c.childId(), c.kind().name(), at})
                .toList();
        jdbc.execute((ConnectionCallback<Integer>)
                c -> BulkInsert.into(c, "change_log", List.of("child_id", "kind", "occurred_at"), rows));
    }
}
