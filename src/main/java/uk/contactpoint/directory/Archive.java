package uk.contactpoint.directory;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import uk.contactpoint.access.Role;
import uk.contactpoint.audit.AuditEvent;
import uk.contactpoint.audit.AuditLog;
import uk.contactpoint.kernel.ChildId;
import uk.contactpoint.kernel.England;
import uk.contactpoint.kernel.InvalidValueException;

/**
 * The archive of records past retention (docs/adr/0030-record-retention.md). Only the ContactPoint team of the child's
 * authority opens an archived record, always with a purpose and a reason: for data management in the first year after
 * archiving, and after that only for a child-protection enquiry or a serious case review, until the record is purged.
 * The team also records a young person's agreement to stay on until 25, which brings an archived record back while
 * the team may still manage it. Every opening and every refusal is audited.
 */
@Service
class Archive {

    enum Purpose {
        DATA_MANAGEMENT("Data management"),
        CHILD_PROTECTION_ENQUIRY("Child-protection enquiry"),
        SERIOUS_CASE_REVIEW("Serious case review");

        private final String title;

        Purpose(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    /** An archived record as the team sees it, with the dates that govern it. */
    record Opened(
            RecordView.Full record,
            Purpose purpose,
            LocalDate archivedOn,
            LocalDate dataManagementUntil,
            LocalDate purgedOn,
            boolean mayStayOn) {}

    static final int MAX_REASON = 1_000;

    private final ChildRecords records;
    private final ChangeLog changeLog;
    private final AuditLog audit;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;

    Archive(
            ChildRecords records,
            ChangeLog changeLog,
            AuditLog audit,
            JdbcClient jdbc,
            TransactionTemplate transactions,
            Clock clock) {
        this.records = records;
        this.changeLog = changeLog;
        this.audit = audit;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
    }

    Opened open(RecordAccess.Requester requester, String childIdText, String purposeText, String reasonText) {
        return audited(requester, "ARCHIVE_VIEW", childIdText, reasonText, () -> {
            Purpose purpose = purpose(purposeText);
            String reason = FreeText.required(
                    reasonText, "reason", "Say why you need to open this archived record.", MAX_REASON);
            ChildRecord child = teamsArchivedChild(requester, childIdText);
            LocalDate archivedOn = archivedOn(child);
            LocalDate today = today();
            if (purpose == Purpose.DATA_MANAGEMENT && today.isAfter(archivedOn.plus(RecordRetention.DATA_MANAGEMENT))) {
                throw RecordRefusedException.bad(
                        "purpose",
                        "This record was archived on " + archivedOn + ": after a year it opens only for a"
                                + " child-protection enquiry or a serious case review.");
            }
            audit.record(requester.event(
                    Role.LA_TEAM,
                    "ARCHIVE_VIEW",
                    child.childId().value(),
                    "purpose=" + purpose + " archivedOn=" + archivedOn,
                    reason,
                    AuditEvent.Outcome.SUCCESS));
            var view = (RecordView.Full) RecordVisibility.of(child, RecordAccess.viewer(requester.user(), false));
            return new Opened(
                    view,
                    purpose,
                    archivedOn,
                    archivedOn.plus(RecordRetention.DATA_MANAGEMENT),
                    archivedOn.plus(RecordRetention.ARCHIVE_KEPT),
                    mayStayOn(child, today) && !today.isAfter(archivedOn.plus(RecordRetention.DATA_MANAGEMENT)));
        });
    }

    /**
     * The young person agreed to stay on until 25: recorded on a live record, or on an archived one the team may still
     * manage, which comes back to the directory (and to search) at once.
     */
    void stayOn(RecordAccess.Requester requester, String childIdText, String reasonText) {
        audited(requester, "STAY_ON", childIdText, reasonText, () -> {
            String reason =
                    FreeText.required(reasonText, "reason", "Say how the young person agreed to stay on.", MAX_REASON);
            ChildRecord child = teamsChild(requester, childIdText);
            LocalDate today = today();
            boolean archived = "ARCHIVED".equals(child.state());
            if (!child.live() && !archived) {
                throw notHeld();
            }
            if (archived && today.isAfter(archivedOn(child).plus(RecordRetention.DATA_MANAGEMENT))) {
                throw RecordRefusedException.bad(
                        "childId", "This record was archived more than a year ago: it can no longer be brought back.");
            }
            if (!mayStayOn(child, today)) {
                throw RecordRefusedException.bad(
                        "childId", "Only a young person aged 16 to 24 can agree to stay on until 25.");
            }
            LocalDate until = child.dateOfBirth().plus(RecordRetention.STAYING_ON);
            OffsetDateTime at = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
            jdbc.sql("""
                    update child set stays_on_until = :until,
                        state = case when state = 'ARCHIVED' then 'ACTIVE' else state end,
                        archived_at = null, updated_at = :at, version = version + 1
                    where id = :id""")
                    .param("until", until)
                    .param("at", at)
                    .param("id", child.id())
                    .update();
            changeLog.append(List.of(new ChangeLog.Change(child.id(), ChangeLog.Kind.UPDATED)));
            audit.record(requester.event(
                    Role.LA_TEAM,
                    "STAY_ON",
                    child.childId().value(),
                    "staysOnUntil=" + until + (archived ? " restoredFromArchive=true" : ""),
                    reason,
                    AuditEvent.Outcome.SUCCESS));
            return null;
        });
    }

    private static boolean mayStayOn(ChildRecord child, LocalDate today) {
        int age = child.dateOfBirth().until(today).getYears();
        return age >= 16 && age < 25;
    }

    private interface Action<T> {
        T run();
    }

    /** Runs the action in one transaction with its audit; a refusal is audited in its own, then reported. */
    private <T> T audited(
            RecordAccess.Requester requester, String action, String childIdText, String reason, Action<T> body) {
        try {
            return transactions.execute(tx -> body.run());
        } catch (RecordRefusedException e) {
            String child = parse(childIdText).map(ChildId::value).orElse(null);
            transactions.executeWithoutResult(tx -> audit.record(requester.event(
                    Role.LA_TEAM,
                    action,
                    child,
                    "refused " + e.field() + ": " + e.getMessage(),
                    reason == null ? null : reason.strip(),
                    AuditEvent.Outcome.REFUSED)));
            throw e;
        }
    }

    private ChildRecord teamsArchivedChild(RecordAccess.Requester requester, String childIdText) {
        ChildRecord child = teamsChild(requester, childIdText);
        if (!"ARCHIVED".equals(child.state())) {
            throw child.live()
                    ? RecordRefusedException.bad(
                            "childId", "This record is not archived: find it with a search and open it there.")
                    : notHeld();
        }
        return child;
    }

    private ChildRecord teamsChild(RecordAccess.Requester requester, String childIdText) {
        requester.teamArea("Only a ContactPoint team can open the archive.");
        ChildId childId;
        try {
            childId = ChildId.of(childIdText);
        } catch (InvalidValueException e) {
            throw RecordRefusedException.bad("childId", "Enter the ContactPoint ID: " + e.getMessage() + ".");
        }
        // Another authority's child gets the answer an unknown ID gets, so that the archive is no oracle for which
        // IDs exist elsewhere (the refusal is audited all the same).
        return records.find(childId)
                .filter(child -> RecordAccess.viewer(requester.user(), false).teamOf(child))
                .orElseThrow(Archive::notHeld);
    }

    private static RecordRefusedException notHeld() {
        return new RecordRefusedException(
                RecordRefusedException.Kind.NOT_FOUND,
                "childId",
                "No record with this ContactPoint ID is held for your authority.");
    }

    private LocalDate archivedOn(ChildRecord child) {
        OffsetDateTime at = jdbc.sql("select archived_at from child where id = :id")
                .param("id", child.id())
                .query(OffsetDateTime.class)
                .single();
        return at.atZoneSameInstant(England.ZONE).toLocalDate();
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(England.ZONE));
    }

    private static Purpose purpose(String text) {
        return Arrays.stream(Purpose.values())
                .filter(p -> p.name().equals(text))
                .findFirst()
                .orElseThrow(() -> RecordRefusedException.bad(
                        "purpose",
                        "Choose why you are opening the archive: data management, a child-protection enquiry or a"
                                + " serious case review."));
    }

    private static Optional<ChildId> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ChildId.of(text));
        } catch (InvalidValueException e) {
            return Optional.empty();
        }
    }
}
