package uk.contactpoint.directory;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import uk.contactpoint.kernel.BulkInsert;
import uk.contactpoint.kernel.IdList;

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
        for (String part : IdList.parts(sourceRecordIds)) {
            jdbc.sql("""
                    select source_record_id, child_id, link_source from source_link
                    where source_record_id in (%s) and match_result = 'MATCH'""".formatted(part))
                    .query((rs, n) ->
                            found.put(rs.getLong(1), new Match(rs.getLong(2), "MANUAL".equals(rs.getString(3)))))
                    .list();
        }
        return found;
    }

    /**
     * Which of these children a person has linked a feed's record to (a MANUAL MATCH of the team). A practitioner's
     * own involvement record is linked MANUAL too, but says nothing about which records are the child.
     */
    Set<Long> withManualMatches(Collection<Long> children) {
        Set<Long> found = new HashSet<>();
        for (String part : IdList.parts(children)) {
            found.addAll(jdbc.sql("""
                    select distinct l.child_id from source_link l
                    join source_record r on r.id = l.source_record_id
                    join source s on s.code = r.source_code
                    where l.child_id in (%s) and l.match_result = 'MATCH' and l.link_source = 'MANUAL'
                      and s.kind <> 'PRACTITIONER'""".formatted(part)).query(Long.class).list());
        }
        return found;
    }

    /** All records linked to each of these children as a MATCH, active or ended: child id to record ids. */
    Map<Long, List<Long>> matchedRecords(Collection<Long> children) {
        Map<Long, List<Long>> matched = new HashMap<>();
        for (String part : IdList.parts(children)) {
            jdbc.sql("""
                    select child_id, source_record_id from source_link
                    where child_id in (%s) and match_result = 'MATCH' order by source_record_id""".formatted(part))
                    .query((RowCallbackHandler) rs -> matched.computeIfAbsent(rs.getLong(1), c -> new ArrayList<>())
                            .add(rs.getLong(2)));
        }
        return matched;
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
        for (String part : IdList.parts(children)) {
            jdbc.sql("""
                    select l.child_id, l.source_record_id from source_link l
                    join source_record r on r.id = l.source_record_id and r.state = 'ACTIVE'
                    where l.child_id in (%s) and l.match_result = 'MATCH'
                    order by l.child_id, l.source_record_id""".formatted(part))
                    .query((rs, n) -> members.computeIfAbsent(rs.getLong(1), c -> new ArrayList<>())
                            .add(rs.getLong(2)))
                    .list();
        }
        return members;
    }

    /**
     * Removes the engine's links of these records, before they are decided again; a person's decisions stay, and so
     * does a pair the team parked for more information.
     */
    void removeAutomatic(Collection<Long> sourceRecordIds) {
        for (String part : IdList.parts(sourceRecordIds)) {
            jdbc.sql("""
                    delete from source_link
                    where source_record_id in (%s) and link_source = 'AUTO' and review_note is null""".formatted(part)).update();
        }
    }

    /** A link the engine decided, to be written with others in one batch. */
    record AutoLink(long sourceRecordId, long childId, Result result, Evidence evidence) {}

    /** Writes the engine's links, leaving out any pair that already has a link (a person's, or a parked review). */
    void autoLink(List<AutoLink> newLinks) {
        Map<Long, List<Long>> existing = new HashMap<>();
        for (String part : IdList.parts(
                newLinks.stream().map(AutoLink::sourceRecordId).distinct().toList())) {
            jdbc.sql("select source_record_id, child_id from source_link where source_record_id in (" + part + ")")
                    .query((rs, n) -> existing.computeIfAbsent(rs.getLong(1), r -> new ArrayList<>())
                            .add(rs.getLong(2)))
                    .list();
        }
        // One link a pair: the first the engine gave (a MATCH before any review link between the same two).
        Set<List<Long>> pairs = new HashSet<>();
        List<AutoLink> fresh = newLinks.stream()
                .filter(l ->
                        !existing.getOrDefault(l.sourceRecordId(), List.of()).contains(l.childId()))
                .filter(l -> pairs.add(List.of(l.sourceRecordId(), l.childId())))
                .toList();
        OffsetDateTime at = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        List<Object[]> rows = fresh.stream()
                .map(l -> new Object[] {
                    l.sourceRecordId(),
                    l.childId(),
                    l.result().name(),
                    "AUTO",
                    l.evidence().weight(),
                    l.evidence().comparisons(),
                    l.evidence().modelVersion(),
                    l.evidence().reason(),
                    at
                })
                .toList();
        template.execute((ConnectionCallback<Integer>) c -> BulkInsert.into(
                c,
                "source_link",
                List.of(
                        "source_record_id",
                        "child_id",
                        "match_result",
                        "link_source",
                        "weight",
                        "comparisons",
                        "model_version",
                        "reason",
                        "decided_at"),
                rows));
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

    /** A person's decision that a record is not a child: MANUAL NO_MATCH, which the engine always honours. */
    void manualNoMatch(long sourceRecordId, long childId, long decidedBy, String reason) {
        jdbc.sql("""
                        insert into source_link (source_record_id, child_id, match_result, link_source, decided_by, reason,
                            decided_at)
                        values (:record, :child, 'NO_MATCH', 'MANUAL', :by, :reason, :at)""")
                .param("record", sourceRecordId)
                .param("child", childId)
                .param("by", decidedBy)
                .param("reason", reason)
                .param("at", OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC))
                .update();
    }

    /** A child a record is held apart from: a person said it is not that child, or parked the pair. */
    record Apart(long childId, boolean parked) {}

    /**
     * The children each of these records must not be linked to automatically: those a person decided it is not
     * (MANUAL NO_MATCH), and those the team parked it against for more information. Record id to children.
     */
    Map<Long, List<Apart>> heldApart(Collection<Long> sourceRecordIds) {
        Map<Long, List<Apart>> apart = new HashMap<>();
        for (String part : IdList.parts(sourceRecordIds)) {
            jdbc.sql("""
                    select source_record_id, child_id, review_note is not null from source_link
                    where source_record_id in (%s)
                      and ((match_result = 'NO_MATCH' and link_source = 'MANUAL') or review_note is not null)""".formatted(part))
                    .query((rs, n) -> apart.computeIfAbsent(rs.getLong(1), r -> new ArrayList<>())
                            .add(new Apart(rs.getLong(2), rs.getBoolean(3))))
                    .list();
        }
        return apart;
    }

    /**
     * How many active records are linked as a MATCH to a live child (active, or an identity closed at adoption, which
     * still holds its records): what a first load is matched against.
     */
    long liveMatches() {
        return jdbc.sql("""
                        select count(*) from source_link l
                        join source_record r on r.id = l.source_record_id and r.state = 'ACTIVE'
                        join child c on c.id = l.child_id and c.state in ('ACTIVE', 'IDENTITY_CLOSED')
                        where l.match_result = 'MATCH'""").query(Long.class).single();
    }

    /** The source's records that have a link of any kind: decided already, by the engine or a person. */
    Set<Long> linkedRecordsOf(String source) {
        Set<Long> found = new HashSet<>();
        jdbc.sql("""
                select distinct l.source_record_id from source_link l
                join source_record r on r.id = l.source_record_id where r.source_code = :source""").param("source", source).query((RowCallbackHandler) rs -> found.add(rs.getLong(1)));
        return found;
    }

    /** Removes every link, of any kind, between these records and these children: before a person relinks them. */
    void unlink(Collection<Long> sourceRecordIds, Collection<Long> childIds) {
        for (String part : IdList.parts(sourceRecordIds)) {
            jdbc.sql("delete from source_link where source_record_id in (" + part + ") and child_id in (:children)")
                    .param("children", List.copyOf(childIds))
                    .update();
        }
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
