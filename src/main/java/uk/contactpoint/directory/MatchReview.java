package uk.contactpoint.directory;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import uk.contactpoint.access.Role;
import uk.contactpoint.audit.AuditEvent;
import uk.contactpoint.audit.AuditLog;
import uk.contactpoint.feeds.FeedRow;
import uk.contactpoint.feeds.SourceRecordView;
import uk.contactpoint.feeds.SourceRecords;
import uk.contactpoint.kernel.ChildId;

/**
 * The ContactPoint team's queue of possible matches (issue 8): the links the engine would not make alone
 * (POSSIBLE_MATCH, POSSIBLE_DUPLICATE), for the children of the team's authority, riskiest first, each with the
 * evidence it was weighed on. A decision is MANUAL and no automatic run overrides it (docs/adr/0025-match-review.md).
 */
@Service
class MatchReview {

    enum Verdict {
        LINK,
        NOT_A_MATCH,
        NEEDS_INFORMATION;

        static Verdict of(String text) {
            if (text != null) {
                for (Verdict v : values()) {
                    if (v.name().equalsIgnoreCase(text.strip())) {
                        return v;
                    }
                }
            }
            throw RecordRefusedException.bad(
                    "decision",
                    "Choose link, not a match, or needs more information (link, not_a_match or"
                            + " needs_information).");
        }
    }

    /** One pair in the queue: a source record and the child it may be. */
    record Pending(
            long id,
            String result,
            Double weight,
            boolean shielded,
            String reason,
            String reviewNote,
            long sourceRecordId,
            long candidate,
            String candidateChildId,
            Long current,
            String currentChildId) {}

    /** A row of the queue as the team sees it. */
    record Entry(Pending pending, String recordName, LocalDate recordDob, String sourceName) {}

    /** One side of the comparison: what one source record says, and which source says it. */
    record Side(
            String source,
            String givenNames,
            String familyName,
            List<String> formerFamilyNames,
            LocalDate dateOfBirth,
            String gender,
            String address,
            String nhsNumber,
            String upn) {}

    /** A comparison's contribution to the weight: the field, the level it agreed at, and its weight in bits. */
    record Step(String field, String level, double weight) {}

    /** A pair laid out side by side, with the waterfall that weighed it. */
    record Item(Pending pending, Side record, Optional<Side> compared, List<Step> waterfall, int position, int total) {}

    /** What a decision did, for the page and the API. */
    record Outcome(Verdict verdict, String childId, boolean merged, Optional<Long> next) {}

    static final int MAX_REASON = 1_000;
    static final int PAGE = 200;

    private final JdbcClient jdbc;
    private final SourceRecords sourceRecords;
    private final SourceLinks links;
    private final Children children;
    private final ChildBuilds builds;
    private final Merges merges;
    private final ChangeLog changeLog;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final Clock clock;

    MatchReview(
            JdbcClient jdbc,
            SourceRecords sourceRecords,
            SourceLinks links,
            Children children,
            ChildBuilds builds,
            Merges merges,
            ChangeLog changeLog,
            AuditLog audit,
            TransactionTemplate transactions,
            JsonMapper json,
            Clock clock) {
        this.jdbc = jdbc;
        this.sourceRecords = sourceRecords;
        this.links = links;
        this.children = children;
        this.builds = builds;
        this.merges = merges;
        this.changeLog = changeLog;
        this.audit = audit;
        this.transactions = transactions;
        this.json = json;
        this.clock = clock;
    }

    /**
     * The pairs waiting for the team, riskiest first: a shielded child on either side, then those nobody has parked
     * for more information, then by weight (the closest to an automatic link first).
     */
    List<Entry> queue(RecordAccess.Requester requester) {
        List<Pending> pending = pending(area(requester), null);
        Map<Long, SourceRecordView> records =
                sourceRecords
                        .findByIds(pending.stream().map(Pending::sourceRecordId).toList())
                        .stream()
                        .collect(Collectors.toMap(SourceRecordView::id, r -> r));
        Map<String, String> names = sourceNames();
        return pending.stream()
                .map(p -> {
                    FeedRow row = records.get(p.sourceRecordId()).data();
                    String source = records.get(p.sourceRecordId()).source();
                    return new Entry(
                            p,
                            row.givenNames() + " " + row.familyName(),
                            row.dateOfBirth(),
                            names.getOrDefault(source, source));
                })
                .toList();
    }

    /** How many pairs wait for the team, when the page shows only the first {@link #PAGE}. */
    long waiting(RecordAccess.Requester requester) {
        return jdbc.sql("select count(*) " + FROM_PENDING)
                .param("area", area(requester))
                .query(Long.class)
                .single();
    }

    Item item(RecordAccess.Requester requester, long id) {
        String area = area(requester);
        Pending found = pending(area, id).stream().findFirst().orElseThrow(MatchReview::notInQueue);
        List<Long> page = pending(area, null).stream().map(Pending::id).toList();
        int position = page.indexOf(id) + 1;
        SourceRecordView record =
                sourceRecords.findByIds(List.of(found.sourceRecordId())).getFirst();
        Map<String, String> names = sourceNames();
        List<Step> waterfall = new ArrayList<>();
        Optional<Side> compared = Optional.empty();
        String comparisons = jdbc.sql("select comparisons from source_link where id = :id")
                .param("id", id)
                .query(String.class)
                .optional()
                .orElse(null);
        if (comparisons != null) {
            JsonNode tree = json.readTree(comparisons);
            for (JsonNode c : tree.path("contributions")) {
                waterfall.add(new Step(
                        c.path("field").asString(),
                        c.path("level").asString(),
                        c.path("weight").asDouble()));
            }
            compared = comparedRecord(tree.path("against").asString(), found.candidate())
                    .map(r -> side(r, names));
        }
        if (compared.isEmpty()) {
            // No single pair weighed it (a record reaching two children): the candidate child's own best record.
            compared = sourceRecords.findByIds(links.matchedRecords(found.candidate())).stream()
                    .filter(SourceRecordView::active)
                    .findFirst()
                    .map(r -> side(r, names));
        }
        return new Item(found, side(record, names), compared, waterfall, position, (int) waiting(requester));
    }

    /** Applies the team's decision on one pair, with its reason, in one transaction with its audit event. */
    Outcome decide(RecordAccess.Requester requester, long id, String decision, String reason) {
        String area = area(requester);
        Verdict verdict = Verdict.of(decision);
        String text = FreeText.required(
                reason,
                "reason",
                switch (verdict) {
                    case LINK -> "Say why these are the same child.";
                    case NOT_A_MATCH -> "Say why these are different children.";
                    case NEEDS_INFORMATION -> "Say what information is needed, and from whom.";
                },
                MAX_REASON);
        Outcome outcome = transactions.execute(tx -> {
            // The link row is the lock: a decision and a feed re-linking the same record take turns.
            jdbc.sql("select id from source_link where id = :id for update")
                    .param("id", id)
                    .query(Long.class)
                    .optional()
                    .orElseThrow(MatchReview::notInQueue);
            Pending p = pending(area, id).stream().findFirst().orElseThrow(MatchReview::notInQueue);
            long by = requester.user().id();
            return switch (verdict) {
                case LINK -> link(requester, p, text, by);
                case NOT_A_MATCH -> notAMatch(requester, p, text, by);
                case NEEDS_INFORMATION -> park(requester, p, text, by);
            };
        });
        Optional<Long> next = pending(area, null).stream()
                .map(Pending::id)
                .filter(n -> n != id)
                .findFirst();
        return new Outcome(outcome.verdict(), outcome.childId(), outcome.merged(), next);
    }

    /**
     * Same child. A possible match moves the record to the candidate; a possible duplicate (a record reaching two
     * children) moves every record of its child. A child left with no active record is merged into the candidate,
     * with the records that moved, so that an unmerge can put them back.
     */
    private Outcome link(RecordAccess.Requester requester, Pending p, String reason, long by) {
        Long from = p.current();
        List<Long> moving = from != null && "POSSIBLE_DUPLICATE".equals(p.result())
                ? links.matchedRecords(from)
                : List.of(p.sourceRecordId());
        boolean merged = merges.move(from, p.candidate(), moving, by, reason);
        audit(
                requester,
                "MATCH_LINKED",
                p,
                detail(p, "records=" + moving.size() + (merged ? " merged=true" : "")),
                reason);
        return new Outcome(Verdict.LINK, p.candidateChildId(), merged, Optional.empty());
    }

    /** Different children: the engine is told so for good; a record held back for a shielded child becomes its own. */
    private Outcome notAMatch(RecordAccess.Requester requester, Pending p, String reason, long by) {
        links.unlink(List.of(p.sourceRecordId()), List.of(p.candidate()));
        links.manualNoMatch(p.sourceRecordId(), p.candidate(), by, reason);
        String childId = p.currentChildId();
        if (p.current() == null) {
            var record = sourceRecords.findByIds(List.of(p.sourceRecordId()));
            long created = builds.create(record);
            links.autoLink(List.of(new SourceLinks.AutoLink(
                    p.sourceRecordId(),
                    created,
                    SourceLinks.Result.MATCH,
                    new SourceLinks.Evidence(
                            null, null, null, "the ContactPoint team decided it is a different child: a new child"))));
            changeLog.append(List.of(new ChangeLog.Change(created, ChangeLog.Kind.CREATED)));
            childId = children.childIdOf(created).orElseThrow();
        }
        audit(requester, "MATCH_REJECTED", p, detail(p, "new=" + (p.current() == null)), reason);
        return new Outcome(Verdict.NOT_A_MATCH, childId, false, Optional.empty());
    }

    /** Parked: stays in the queue, after the others, with what is needed. */
    private Outcome park(RecordAccess.Requester requester, Pending p, String reason, long by) {
        jdbc.sql("update source_link set review_note = :note, reviewed_by = :by, reviewed_at = :at where id = :id")
                .param("note", reason)
                .param("by", by)
                .param("at", now())
                .param("id", p.id())
                .update();
        audit(requester, "MATCH_NEEDS_INFORMATION", p, detail(p, ""), reason);
        return new Outcome(Verdict.NEEDS_INFORMATION, p.candidateChildId(), false, Optional.empty());
    }

    private static final String FROM_PENDING = """
            from source_link l
            join child t on t.id = l.child_id
            join source_record r on r.id = l.source_record_id
            left join source_link m on m.source_record_id = l.source_record_id and m.match_result = 'MATCH'
            left join child p on p.id = m.child_id
            where l.match_result in ('POSSIBLE_MATCH', 'POSSIBLE_DUPLICATE') and l.link_source = 'AUTO'
              and r.state = 'ACTIVE' and t.state in ('ACTIVE', 'UNKNOWN_TO_SOURCES', 'IDENTITY_CLOSED')
              and (m.child_id is null or m.child_id <> l.child_id)
              and coalesce(t.local_authority_code, p.local_authority_code) = :area""";

    /** The queue in risk order, or the one pair {@code only} if it is in it. */
    private List<Pending> pending(String area, Long only) {
        var spec = jdbc.sql("""
                        select l.id, l.match_result, l.weight, t.shielded or t.state = 'IDENTITY_CLOSED' or coalesce(p.shielded, false), l.reason,
                            l.review_note, l.source_record_id, l.child_id, t.child_id, p.id, p.child_id
                        """ + FROM_PENDING + (only == null ? "" : " and l.id = :only") + """

                        order by case when t.shielded or t.state = 'IDENTITY_CLOSED' or coalesce(p.shielded, false) then 0 else 1 end,
                            case when l.review_note is null then 0 else 1 end, l.weight desc nulls last, l.id
                        """ + " limit " + PAGE)
                .param("area", area);
        if (only != null) {
            spec = spec.param("only", only);
        }
        return spec.query((rs, n) -> new Pending(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getObject(3, Double.class),
                        rs.getBoolean(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getLong(7),
                        rs.getLong(8),
                        new ChildId(rs.getString(9)).formatted(),
                        rs.getObject(10, Long.class),
                        rs.getString(11) == null ? null : new ChildId(rs.getString(11)).formatted()))
                .list();
    }

    /** The record of the candidate child that the weight was computed against, if it is still the child's. */
    private Optional<SourceRecordView> comparedRecord(String key, long child) {
        int slash = key == null ? -1 : key.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        return jdbc.sql("""
                        select r.id from source_record r join source_link l on l.source_record_id = r.id
                        where r.source_code = :source and r.record_id = :record and l.child_id = :child
                          and l.match_result = 'MATCH'""")
                .param("source", key.substring(0, slash))
                .param("record", key.substring(slash + 1))
                .param("child", child)
                .query(Long.class)
                .optional()
                .flatMap(id -> sourceRecords.findByIds(List.of(id)).stream().findFirst());
    }

    private static Side side(SourceRecordView record, Map<String, String> sourceNames) {
        FeedRow row = record.data();
        var a = row.address();
        String address = a == null
                ? null
                : java.util.stream.Stream.of(
                                a.line1(),
                                a.line2(),
                                a.town(),
                                a.postcode().map(Object::toString).orElse(null))
                        .filter(s -> s != null && !s.isBlank())
                        .collect(Collectors.joining(", "));
        return new Side(
                sourceNames.getOrDefault(record.source(), record.source()),
                row.givenNames(),
                row.familyName(),
                row.formerFamilyNames(),
                row.dateOfBirth(),
                row.gender().map(g -> g.name().toLowerCase(Locale.ROOT)).orElse(null),
                address == null || address.isEmpty() ? null : address,
                row.nhsNumber().map(Object::toString).orElse(null),
                row.upn().map(Object::toString).orElse(null));
    }

    private Map<String, String> sourceNames() {
        return jdbc
                .sql("select code, name from source")
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getString(2)))
                .list()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static String detail(Pending p, String more) {
        return ("link=" + p.id() + " result=" + p.result() + " sourceRecord=" + p.sourceRecordId() + " candidate="
                        + p.candidateChildId() + (p.currentChildId() == null ? "" : " from=" + p.currentChildId())
                        + (p.weight() == null ? "" : String.format(Locale.ROOT, " weight=%.2f", p.weight())) + " "
                        + more)
                .strip();
    }

    private void audit(RecordAccess.Requester requester, String action, Pending p, String detail, String reason) {
        audit.record(requester.event(
                Role.LA_TEAM,
                action,
                ChildId.of(p.candidateChildId()).value(),
                detail,
                reason,
                AuditEvent.Outcome.SUCCESS));
    }

    private static String area(RecordAccess.Requester requester) {
        return requester.teamArea("Only a local authority's ContactPoint team reviews possible matches.");
    }

    private static RecordRefusedException notInQueue() {
        return new RecordRefusedException(
                RecordRefusedException.Kind.NOT_FOUND,
                "id",
                "This pair is not in your authority's review queue: it may have been decided already.");
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }
}
