package uk.contactpoint.directory;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import uk.contactpoint.access.Role;
import uk.contactpoint.audit.AuditEvent;
import uk.contactpoint.audit.AuditLog;
import uk.contactpoint.kernel.ChildId;
import uk.contactpoint.kernel.IdList;

/**
 * The history of children merged by a person, and the unmerge that undoes one (issue 8, point 2): every record that
 * moved goes back to the child it came from, linked as it was (a person's link stays a person's), and is kept apart
 * from the child it was merged into, so no run merges them again; the organisations involved with either child are
 * told (docs/adr/0025-match-review.md).
 */
@Service
class Merges {

    /** One merge into a child, as the team sees it on the child's record. */
    record Merge(long id, String fromChildId, OffsetDateTime at, String reason, int records) {}

    private final JdbcClient jdbc;
    private final ChildRecords records;
    private final Children children;
    private final ChildBuilds builds;
    private final SourceLinks links;
    private final ChangeLog changeLog;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final Clock clock;

    Merges(
            JdbcClient jdbc,
            ChildRecords records,
            Children children,
            ChildBuilds builds,
            SourceLinks links,
            ChangeLog changeLog,
            AuditLog audit,
            TransactionTemplate transactions,
            Clock clock) {
        this.jdbc = jdbc;
        this.records = records;
        this.children = children;
        this.builds = builds;
        this.links = links;
        this.changeLog = changeLog;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Moves these records (of {@code from}, or of no child when it is null) to {@code into} as a person's links, in the
     * caller's transaction. A child left with no active record is merged into {@code into}, with the records that
     * moved and how each was linked before, so that an unmerge can put them back. Both children are rebuilt and
     * logged. Says whether {@code from} was merged.
     */
    boolean move(Long from, long into, List<Long> moving, long by, String reason) {
        Map<Long, String> before = from == null ? Map.of() : linkSources(moving, from);
        List<Long> touched = from == null ? List.of(into) : List.of(into, from);
        links.unlink(moving, touched);
        for (long record : moving) {
            links.manualMatch(record, into, by, reason);
        }
        boolean merged = from != null && links.activeMembers(List.of(from)).isEmpty();
        List<ChangeLog.Change> changes = new java.util.ArrayList<>();
        if (merged) {
            record(from, into, before, by, reason);
            changes.add(new ChangeLog.Change(from, ChangeLog.Kind.MERGED));
        } else if (from != null) {
            builds.rebuild(List.of(from));
            changes.add(new ChangeLog.Change(from, ChangeLog.Kind.UPDATED));
        }
        builds.rebuild(List.of(into));
        changes.add(new ChangeLog.Change(into, ChangeLog.Kind.UPDATED));
        changeLog.append(changes);
        return merged;
    }

    /**
     * The team merges another child into the open record: two records that are one child, which the matching never
     * offered as a pair. Both children must be of the team's authority, live, and neither a closed identity.
     */
    void mergeInto(RecordAccess.Requester requester, OpenRecord opening, String otherChildId, String reason) {
        var user = requester.user();
        String text = FreeText.required(reason, "mergeReason", "Say why these are one child.", 1_000);
        ChildId otherId;
        try {
            otherId = ChildId.of(otherChildId == null ? "" : otherChildId);
        } catch (uk.contactpoint.kernel.InvalidValueException e) {
            throw RecordRefusedException.bad(
                    "mergeChildId", "Enter the other record's ContactPoint ID, like CP-7K3M-9QXD-4.");
        }
        transactions.executeWithoutResult(tx -> {
            ChildId intoId = new ChildId(opening.childId());
            ChildRecord into =
                    records.find(intoId).filter(ChildRecord::live).orElseThrow(RecordRefusedException::notFound);
            ChildRecord other = records.find(otherId)
                    .filter(ChildRecord::live)
                    .orElseThrow(() ->
                            RecordRefusedException.bad("mergeChildId", "No live record has this ContactPoint ID."));
            var viewer = RecordAccess.viewer(user, false);
            if (!viewer.teamOf(into) || !viewer.teamOf(other)) {
                throw new RecordRefusedException(
                        RecordRefusedException.Kind.FORBIDDEN,
                        "mergeChildId",
                        "Only the ContactPoint team of the authority both children live in can merge them.");
            }
            if (other.id() == into.id()) {
                throw RecordRefusedException.bad("mergeChildId", "That is this record.");
            }
            move(other.id(), into.id(), links.matchedRecords(other.id()), user.id(), text);
            audit.record(requester.event(
                    Role.LA_TEAM,
                    "CHILD_MERGED",
                    intoId.value(),
                    "from=" + otherId.value(),
                    text,
                    AuditEvent.Outcome.SUCCESS));
        });
    }

    /** Records, in the caller's transaction, that {@code from} was merged into {@code into} with these records. */
    private void record(long from, long into, Map<Long, String> linkSourceBefore, long by, String reason) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                        insert into child_merge (from_child_id, into_child_id, decided_by, reason, decided_at)
                        values (:from, :into, :by, :reason, :at)""")
                .param("from", from)
                .param("into", into)
                .param("by", by)
                .param("reason", reason)
                .param("at", now())
                .update(keys, "id");
        long merge = keys.getKeyAs(Long.class);
        linkSourceBefore.forEach((record, linkSource) -> jdbc.sql("""
                        insert into child_merge_record (merge_id, source_record_id, link_source)
                        values (:merge, :record, :source)""")
                .param("merge", merge)
                .param("record", record)
                .param("source", linkSource)
                .update());
        children.markMerged(from, into);
    }

    /** How each record was linked to the child (AUTO or MANUAL) before it moves. */
    private Map<Long, String> linkSources(List<Long> moving, long child) {
        Map<Long, String> before = new java.util.HashMap<>();
        for (String part : IdList.parts(moving)) {
            jdbc.sql("""
                            select source_record_id, link_source from source_link
                            where child_id = :child and match_result = 'MATCH' and source_record_id in (%s)""".formatted(part))
                    .param("child", child)
                    .query((rs, n) -> before.put(rs.getLong(1), rs.getString(2)))
                    .list();
        }
        return before;
    }

    /** The merges into this child of the team's authority that are still in force, newest first. */
    List<Merge> into(ChildId childId, String area) {
        return jdbc.sql("""
                        select m.id, f.child_id, m.decided_at, m.reason,
                            (select count(*) from child_merge_record r where r.merge_id = m.id)
                        from child_merge m join child f on f.id = m.from_child_id join child t on t.id = m.into_child_id
                        where t.child_id = :child and t.local_authority_code = :area and m.unmerged_at is null
                        order by m.decided_at desc, m.id desc""")
                .param("child", childId.value())
                .param("area", area)
                .query((rs, n) -> new Merge(
                        rs.getLong(1),
                        new ChildId(rs.getString(2)).formatted(),
                        rs.getObject(3, OffsetDateTime.class),
                        rs.getString(4),
                        rs.getInt(5)))
                .list();
    }

    /** Undoes a merge into the open record; returns the ContactPoint ID of the child that comes back. */
    ChildId unmerge(RecordAccess.Requester requester, OpenRecord opening, long mergeId, String reason) {
        var user = requester.user();
        String text = FreeText.required(reason, "unmergeReason", "Say why these are two children.", 1_000);
        return transactions.execute(tx -> {
            ChildId intoId = new ChildId(opening.childId());
            ChildRecord into =
                    records.find(intoId).filter(ChildRecord::live).orElseThrow(RecordRefusedException::notFound);
            if (!RecordAccess.viewer(user, false).teamOf(into)) {
                throw new RecordRefusedException(
                        RecordRefusedException.Kind.FORBIDDEN,
                        "childId",
                        "Only the ContactPoint team of the authority the child lives in can unmerge its records.");
            }
            Long from = jdbc.sql("""
                            select from_child_id from child_merge
                            where id = :id and into_child_id = :into and unmerged_at is null for update""")
                    .param("id", mergeId)
                    .param("into", into.id())
                    .query(Long.class)
                    .optional()
                    .orElseThrow(() -> RecordRefusedException.bad(
                            "merge", "This merge is not in force on this record: it may have been undone already."));
            List<String> told = jdbc.sql("""
                            select distinct organisation_code from involvement
                            where child_id in (:children) and organisation_code is not null""")
                    .param("children", List.of(from, into.id()))
                    .query(String.class)
                    .list();
            var moved = jdbc.sql("select source_record_id, link_source from child_merge_record where merge_id = :id")
                    .param("id", mergeId)
                    .query((rs, n) -> Map.entry(rs.getLong(1), rs.getString(2)))
                    .list();
            List<Long> ids = moved.stream().map(Map.Entry::getKey).toList();
            links.unlink(ids, List.of(from, into.id()));
            for (var record : moved) {
                if ("MANUAL".equals(record.getValue())) {
                    links.manualMatch(record.getKey(), from, user.id(), "put back by an unmerge: " + text);
                } else {
                    links.autoLink(List.of(new SourceLinks.AutoLink(
                            record.getKey(),
                            from,
                            SourceLinks.Result.MATCH,
                            new SourceLinks.Evidence(null, null, null, "put back by an unmerge"))));
                }
                // Kept apart for good from the child a person has said it is not.
                links.manualNoMatch(record.getKey(), into.id(), user.id(), text);
            }
            children.reopen(from);
            builds.rebuild(List.of(from, into.id()));
            jdbc.sql("""
                    update child_merge set unmerged_by = :by, unmerge_reason = :reason, unmerged_at = :at
                    where id = :id""")
                    .param("by", user.id())
                    .param("reason", text)
                    .param("at", now())
                    .param("id", mergeId)
                    .update();
            changeLog.append(List.of(
                    new ChangeLog.Change(from, ChangeLog.Kind.UPDATED),
                    new ChangeLog.Change(into.id(), ChangeLog.Kind.UPDATED)));
            ChildId fromId = new ChildId(children.childIdOf(from).orElseThrow());
            String notice = "The ContactPoint team found that records " + intoId.formatted() + " and "
                    + fromId.formatted() + " are two children, not one, and separated them on "
                    + now().toLocalDate() + ". Check which of them your service works with.";
            for (String organisation : told) {
                jdbc.sql("""
                                insert into organisation_notice (organisation_code, message, created_at)
                                values (:org, :message, :at)""")
                        .param("org", organisation)
                        .param("message", notice)
                        .param("at", now())
                        .update();
            }
            audit.record(requester.event(
                    Role.LA_TEAM,
                    "CHILD_UNMERGED",
                    intoId.value(),
                    "merge=" + mergeId + " from=" + fromId.value() + " records=" + ids.size() + " told="
                            + String.join(",", told),
                    text,
                    AuditEvent.Outcome.SUCCESS));
            return fromId;
        });
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }
}
