package uk.contactpoint.directory;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
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

    /** A record's MATCH link: the child, and whether a person made it. */
    record Match(long childId, boolean manual) {}

    /**
     * Why a link was made: the total match weight and each comparison's contribution as JSON (null for a link no pair
     * decided), the model that weighed it, and a sentence for the reviewer and the audit trail.
     */
    record Evidence(Double weight, String comparisons, String modelVersion, String reason) {}

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final Clock clock;

    SourceLinks(JdbcClient jdbc, JdbcTemplate template, Clock clock) {
        this.jdbc = jdbc;
        this.template = template;
        this.clock = clock;
    }

    /** The MATCH link (AUTO or MANUAL) of each of these records that has one. */
    Map<Long, Match> matchesOf(Collection<Long> sourceRecordIds) {
        Map<Long, Match> found = new HashMap<>();
        for (List<Long> part : partition(sourceRecordIds)) {
            jdbc.sql("""
                    select source_record_id, child_id, link_source from source_link
                    where source_record_id in (:ids) and match_result = 'MATCH'""")
                    .param("ids", part)
                    .query((rs, n) ->
                            found.put(rs.getLong(1), new Match(rs.getLong(2), "MANUAL".equals(rs.getString(3)))))
                    .list();
        }
        return found;
    }

    /** All records linked to the child as a MATCH, active or ended. */
    List<Long> matchedRecords(long childId) {
        return jdbc.sql("select source_record_id from source_link where child_id = :child and match_result = 'MATCH'")
                .param("child", childId)
                .query(Long.class)
                .list();
    }

    /** The active records linked to each of these children as a MATCH: child id to record ids. */
    Map<Long, List<Long>> activeMembers(Collection<Long> children) {
        Map<Long, List<Long>> members = new LinkedHashMap<>();
        for (List<Long> part : partition(children)) {
            jdbc.sql("""
                    select l.child_id, l.source_record_id from source_link l
                    join source_record r on r.id = l.source_record_id and r.state = 'ACTIVE'
                    where l.child_id in (:children) and l.match_result = 'MATCH'
                    order by l.child_id, l.source_record_id""")
                    .param("children", part)
                    .query((rs, n) -> members.computeIfAbsent(rs.getLong(1), c -> new ArrayList<>())
                            .add(rs.getLong(2)))
                    .list();
        }
        return members;
    }

    /** Removes the engine's links of these records, before they are decided again; a person's decisions stay. */
    void removeAutomatic(Collection<Long> sourceRecordIds) {
        for (List<Long> part : partition(sourceRecordIds)) {
            jdbc.sql("delete from source_link where source_record_id in (:ids) and link_source = 'AUTO'")
                    .param("ids", part)
                    .update();
        }
    }

    /** A link the engine decided, to be written with others in one batch. */
    record AutoLink(long sourceRecordId, long childId, Result result, Evidence evidence) {}

    void autoLink(List<AutoLink> newLinks) {
        OffsetDateTime at = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        template.batchUpdate(
                """
                insert into source_link (source_record_id, child_id, match_result, link_source, weight, comparisons,
                    model_version, reason, decided_at)
                values (?, ?, ?, 'AUTO', ?, ?, ?, ?, ?)""",
                newLinks.stream()
                        .map(l -> new Object[] {
                            l.sourceRecordId(),
                            l.childId(),
                            l.result().name(),
                            l.evidence().weight(),
                            l.evidence().comparisons(),
                            l.evidence().modelVersion(),
                            l.evidence().reason(),
                            at
                        })
                        .toList());
    }

    /** A person's link of a record to a child: MANUAL, so that no automatic run ever moves it. */
    void manualMatch(long sourceRecordId, long childId, long decidedBy, String reason) {
        jdbc.sql("""
                        insert into source_link (source_record_id, child_id, match_result, link_source, decided_by, reason,
                            decided_at)
                        values (:record, :child, 'MATCH', 'MANUAL', :by, :reason, :at)""")
                .param("record", sourceRecordId)
                .param("child", childId)
                .param("by", decidedBy)
                .param("reason", reason)
                .param("at", OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC))
                .update();
    }

    static <T> List<List<T>> partition(Collection<T> all) {
        List<T> list = List.copyOf(all);
        List<List<T>> parts = new ArrayList<>();
        for (int i = 0; i < list.size(); i += 1_000) {
            parts.add(list.subList(i, Math.min(list.size(), i + 1_000)));
        }
        return parts;
    }
}
