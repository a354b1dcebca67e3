package uk.contactpoint.directory;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import uk.contactpoint.access.Role;
import uk.contactpoint.audit.AccessHistory;
import uk.contactpoint.audit.AuditEvent;
import uk.contactpoint.audit.AuditLog;
import uk.contactpoint.feeds.SourceRecordView;
import uk.contactpoint.feeds.SourceRecords;
import uk.contactpoint.kernel.ChildId;
import uk.contactpoint.kernel.InvalidValueException;
import uk.contactpoint.kernel.NhsNumber;

/**
 * The subject access report (issue 7): everything the directory holds about one child (the record whole, with
 * sensitive services and every source's own identifiers, and each source record as its source last sent it) and every
 * access to the child (who, organisation, role, when, why). Only an LA manager produces it, and only for a child
 * resident in the manager's authority; producing it is itself audited.
 */
@Service
class SubjectAccessReports {

    /** The report, as of {@code producedAt}. */
    record Report(
            ChildRecord child,
            String shieldReason,
            LocalDate shieldReviewOn,
            List<SourceRecordView> sourceRecords,
            List<AccessHistory.Access> accesses,
            OffsetDateTime producedAt,
            String producedBy) {}

    private final ChildRecords records;
    private final SourceLinks links;
    private final SourceRecords sourceRecords;
    private final AccessHistory history;
    private final AuditLog audit;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;

    SubjectAccessReports(
            ChildRecords records,
            SourceLinks links,
            SourceRecords sourceRecords,
            AccessHistory history,
            AuditLog audit,
            JdbcClient jdbc,
            TransactionTemplate transactions,
            Clock clock) {
        this.records = records;
        this.links = links;
        this.sourceRecords = sourceRecords;
        this.history = history;
        this.audit = audit;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * The report of the child with this ContactPoint ID or NHS number. A child outside the manager's authority gets
     * the same answer as one that does not exist.
     */
    Report produce(RecordAccess.Requester requester, String identifier) {
        var user = requester.user();
        if (!user.has(Role.LA_MANAGER)) {
            throw new AccessDeniedException(
                    "only a local authority ContactPoint manager produces subject access reports");
        }
        return transactions.execute(tx -> {
            Optional<ChildRecord> child = find(identifier)
                    .filter(c -> user.localAuthorityCode() != null
                            && user.localAuthorityCode().equals(c.localAuthorityCode()));
            if (child.isEmpty()) {
                audit.record(event(
                        requester,
                        null,
                        "refused: no child of the authority with " + describe(identifier),
                        AuditEvent.Outcome.REFUSED));
                return null;
            }
            ChildRecord record = child.get();
            var shield = jdbc.sql("select shield_reason, shield_review_on from child where id = :id")
                    .param("id", record.id())
                    .query((rs, n) -> new Object[] {rs.getString(1), rs.getObject(2, LocalDate.class)})
                    .single();
            List<SourceRecordView> held = sourceRecords.findByIds(links.matchedRecords(record.id())).stream()
                    .sorted(Comparator.comparing(SourceRecordView::source).thenComparing(SourceRecordView::recordId))
                    .toList();
            // The accesses before this report; the report's own event is written after them.
            var accesses = history.of(record.childId().value());
            audit.record(event(
                    requester,
                    record.childId().value(),
                    "produced: " + held.size() + " source records, " + accesses.size() + " accesses",
                    AuditEvent.Outcome.SUCCESS));
            return new Report(
                    record,
                    (String) shield[0],
                    (LocalDate) shield[1],
                    held,
                    accesses,
                    OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC),
                    user.displayName() + " (" + user.organisationName() + ")");
        });
    }

    /** A ContactPoint ID, or a whole NHS number naming exactly one live child. */
    private Optional<ChildRecord> find(String identifier) {
        String text = identifier == null ? "" : identifier.strip();
        try {
            return records.find(ChildId.of(text));
        } catch (InvalidValueException notAnId) {
            try {
                List<String> ids = jdbc.sql("""
                                select child_id from child where nhs_number = :nhs
                                and state in ('ACTIVE', 'UNKNOWN_TO_SOURCES')""")
                        .param("nhs", NhsNumber.of(text).value())
                        .query(String.class)
                        .list();
                return ids.size() == 1 ? records.find(new ChildId(ids.getFirst())) : Optional.empty();
            } catch (InvalidValueException notAnNhsNumber) {
                return Optional.empty();
            }
        }
    }

    /** What was asked for, for the audit of a refusal: the kind of identifier, not the identifier itself. */
    private static String describe(String identifier) {
        String text = identifier == null ? "" : identifier.strip();
        return text.toUpperCase().startsWith("CP") ? "that ContactPoint ID" : "that NHS number";
    }

    private static AuditEvent event(
            RecordAccess.Requester requester, String childId, String detail, AuditEvent.Outcome outcome) {
        return requester.event(Role.LA_MANAGER, "SUBJECT_ACCESS_REPORT", childId, detail, null, outcome);
    }
}
