package uk.contactpoint.feeds;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import uk.contactpoint.kernel.SourceCode;

/**
 * A source record sent by a person rather than a file: a practitioner indicating their service's involvement from the
 * web. It is a feed run of one row (so the run history says who sent what, and when), applied with the same upsert as
 * a file's rows, in the caller's transaction. Unlike a file's rows it publishes nothing: the caller already knows
 * which child the record belongs to and links it itself.
 */
@Service
public class SourceSubmissions {

    /** What one submission did: its run, the record's id, and whether anything changed. */
    public record Submitted(long runId, long sourceRecordId, boolean changed) {}

    private final JdbcClient jdbc;
    private final SourceRecords records;
    private final Clock clock;

    SourceSubmissions(JdbcClient jdbc, SourceRecords records, Clock clock) {
        this.jdbc = jdbc;
        this.records = records;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public Submitted submit(SourceCode source, FeedRow row, long userId, String description) {
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                        insert into feed_run (source_code, file_name, file_sha256, state, started_at, finished_at,
                            rows_read, started_by)
                        values (:source, :file, :sha, 'COMPLETED', :at, :at, 1, :user)""")
                .param("source", source.value())
                .param("file", description)
                .param("sha", SourceRecords.contentHash(row))
                .param("at", now)
                .param("user", userId)
                .update(keys, "id");
        long runId = keys.getKeyAs(Long.class);
        var result = records.apply(source, runId, List.of(row), now.toInstant(), false);
        jdbc.sql("""
                        update feed_run set rows_inserted = :i, rows_updated = :u, rows_unchanged = :n, rows_deleted = :d
                        where id = :id""")
                .param("i", result.inserted())
                .param("u", result.updated())
                .param("n", result.unchanged())
                .param("d", result.deleted())
                .param("id", runId)
                .update();
        long id = jdbc.sql("select id from source_record where source_code = :source and record_id = :record")
                .param("source", source.value())
                .param("record", row.recordId())
                .query(Long.class)
                .single();
        return new Submitted(runId, id, !result.changedIds().isEmpty());
    }
}
