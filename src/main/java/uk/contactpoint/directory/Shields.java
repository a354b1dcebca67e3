package uk.contactpoint.directory;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import uk.contactpoint.access.Role;
import uk.contactpoint.audit.AuditEvent;
import uk.contactpoint.audit.AuditLog;
import uk.contactpoint.kernel.ChildId;

/**
 * Shielding (issue 8): the ContactPoint team of the child's authority applies a shield with a reason and a review
 * date, or lifts it with a reason. The flag, the change log entry the search index follows and the audit event commit
 * together, so the shield holds on the next record view and within a second in search.
 */
@Service
class Shields {

    /** The shield as the team sees it. */
    record Shield(String reason, LocalDate reviewOn, OffsetDateTime since) {}

    static final int MAX_REASON = 500;

    private final ChildRecords records;
    private final ChangeLog changeLog;
    private final AuditLog audit;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;

    Shields(
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

    Optional<Shield> current(ChildId childId) {
        return jdbc.sql(
                        "select shield_reason, shield_review_on, shielded_at from child where child_id = :id and shielded")
                .param("id", childId.value())
                .query((rs, n) -> new Shield(
                        rs.getString(1), rs.getObject(2, LocalDate.class), rs.getObject(3, OffsetDateTime.class)))
                .optional();
    }

    void apply(RecordAccess.Requester requester, OpenRecord opening, String reason, LocalDate reviewOn) {
        String text = reason(reason, "Say why the child needs shielding (for example, the risk the family faces).");
        LocalDate today = LocalDate.now(clock);
        if (reviewOn == null) {
            throw bad("reviewOn", "Enter the date by which the shield is reviewed.");
        }
        if (!reviewOn.isAfter(today) || reviewOn.isAfter(today.plusYears(2))) {
            throw bad("reviewOn", "The review date must be after today and at most 2 years away.");
        }
        change(
                requester,
                opening,
                true,
                child -> {
                    jdbc.sql("""
                            update child set shielded = true, shield_reason = :reason, shield_review_on = :review,
                                shielded_by = :by, shielded_at = :at, version = version + 1 where id = :id""")
                            .param("reason", text)
                            .param("review", reviewOn)
                            .param("by", requester.user().id())
                            .param("at", OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC))
                            .param("id", child.id())
                            .update();
                    return "SHIELD_APPLIED review=" + reviewOn;
                },
                text);
    }

    void lift(RecordAccess.Requester requester, OpenRecord opening, String reason) {
        String text = reason(reason, "Say why the shield is no longer needed.");
        change(
                requester,
                opening,
                false,
                child -> {
                    jdbc.sql("""
                            update child set shielded = false, shield_reason = null, shield_review_on = null,
                                shielded_by = null, shielded_at = null, version = version + 1 where id = :id""").param("id", child.id()).update();
                    return "SHIELD_LIFTED";
                },
                text);
    }

    private interface Edit {
        String apply(ChildRecord child);
    }

    private void change(
            RecordAccess.Requester requester, OpenRecord opening, boolean shield, Edit edit, String reason) {
        var user = requester.user();
        transactions.executeWithoutResult(tx -> {
            ChildId childId = new ChildId(opening.childId());
            ChildRecord child =
                    records.find(childId).filter(ChildRecord::live).orElseThrow(RecordRefusedException::notFound);
            if (!RecordAccess.viewer(user, false).teamOf(child)) {
                throw new RecordRefusedException(
                        RecordRefusedException.Kind.FORBIDDEN,
                        "childId",
                        "Only the ContactPoint team of the authority the child lives in can shield or lift a shield.");
            }
            if (child.shielded() == shield) {
                throw bad("shield", shield ? "The record is shielded already." : "The record is not shielded.");
            }
            String action = edit.apply(child);
            changeLog.append(List.of(
                    new ChangeLog.Change(child.id(), shield ? ChangeLog.Kind.SHIELDED : ChangeLog.Kind.UNSHIELDED)));
            audit.record(requester.event(
                    Role.LA_TEAM, action.split(" ")[0], childId.value(), action, reason, AuditEvent.Outcome.SUCCESS));
        });
    }

    private static String reason(String reason, String missing) {
        return FreeText.required(reason, "shieldReason", missing, MAX_REASON);
    }

    private static RecordRefusedException bad(String field, String message) {
        return RecordRefusedException.bad(field, message);
    }
}
