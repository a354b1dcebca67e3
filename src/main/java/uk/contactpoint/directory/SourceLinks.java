package uk.contactpoint.directory;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Links from source records to children, in HAPI FHIR MDM's vocabulary. */
@Repository
class SourceLinks {

    enum Result {
        MATCH,
        POSSIBLE_MATCH,
        NO_MATCH,
        POSSIBLE_DUPLICATE
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    SourceLinks(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The child this record is linked to as a MATCH, AUTO or MANUAL. */
    Optional<Long> matchedChild(long sourceRecordId) {
        return jdbc.sql("select child_id from source_link where source_record_id = :id and match_result = 'MATCH'")
                .param("id", sourceRecordId)
                .query(Long.class)
                .optional();
    }

    /** Whether the child already has an active record from this source (one source, one record per child). */
    boolean childHasRecordFrom(long childId, String source, long exceptSourceRecordId) {
        return jdbc.sql("""
                        select count(*) from source_link l join source_record r on r.id = l.source_record_id
                        where l.child_id = :child and l.match_result = 'MATCH' and r.source_code = :source
                          and r.state = 'ACTIVE' and r.id <> :except""")
                        .param("child", childId)
                        .param("source", source)
                        .param("except", exceptSourceRecordId)
                        .query(Long.class)
                        .single()
                > 0;
    }

    List<Long> matchedRecords(long childId) {
        return jdbc.sql("select source_record_id from source_link where child_id = :child and match_result = 'MATCH'")
                .param("child", childId)
                .query(Long.class)
                .list();
    }

    void autoLink(long sourceRecordId, long childId, Result result, String rule) {
        jdbc.sql("""
                insert into source_link (source_record_id, child_id, match_result, link_source, comparisons,
                    model_version, reason, decided_at)
                values (:record, :child, :result, 'AUTO', :comparisons, :model, :reason, :at)""")
                .param("record", sourceRecordId)
                .param("child", childId)
                .param("result", result.name())
                .param("comparisons", "{\"rule\":\"" + rule + "\"}")
                .param("model", DeterministicLinker.MODEL_VERSION)
                .param("reason", rule)
                .param("at", OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC))
                .update();
    }
}
