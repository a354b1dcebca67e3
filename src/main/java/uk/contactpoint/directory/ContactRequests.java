package uk.contactpoint.directory;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import uk.contactpoint.access.Role;
import uk.contactpoint.audit.AuditEvent;
import uk.contactpoint.audit.AuditLog;
import uk.contactpoint.kernel.ChildId;

/**
 * Contact brokered for a shielded child (issue 8): a practitioner who may not see who works with the child asks the
 * ContactPoint team of the child's authority to pass a message on; the team does (or declines, saying why). The
 * practitioner never learns more of the child than the shielded view; the services learn who is asking.
 */
@Service
class ContactRequests {

    static final int MAX_MESSAGE = 1000;

    /** A request as the team sees it. */
    record Request(
            long id,
            String childId,
            String childName,
            LocalDate dateOfBirth,
            String requesterName,
            String requesterOrganisation,
            String requesterContact,
            String message,
            OffsetDateTime createdAt) {}

    private final ChildRecords records;
    private final AuditLog audit;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;

    ContactRequests(
            ChildRecords records, AuditLog audit, JdbcClient jdbc, TransactionTemplate transactions, Clock clock) {
        this.records = records;
        this.audit = audit;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** A practitioner's request about the shielded child of the open record. */
    void ask(RecordAccess.Requester requester, OpenRecord opening, String message, String contact) {
        var user = requester.user();
        String text = FreeText.required(
                message, "message", "Write the message for the services working with the child.", MAX_MESSAGE);
        String reach = FreeText.required(
                contact, "contact", "Say how the services can reach you (a phone number or an email).", 300);
        transactions.executeWithoutResult(tx -> {
            ChildId childId = new ChildId(opening.childId());
            ChildRecord child =
                    records.find(childId).filter(ChildRecord::live).orElseThrow(RecordRefusedException::notFound);
            if (!(RecordVisibility.of(child, RecordAccess.viewer(user, opening.override()))
                    instanceof RecordView.Shielded)) {
                throw new RecordRefusedException(
                        RecordRefusedException.Kind.BAD_REQUEST,
                        "message",
                        "You can see the services working with this child: contact them directly.");
            }
            jdbc.sql("""
                            insert into contact_request (child_id, requested_by, requester_name, requester_organisation,
                                requester_contact, message, created_at, state)
                            values (:child, :user, :name, :org, :contact, :message, :at, 'OPEN')""")
                    .param("child", child.id())
                    .param("user", user.id())
                    .param("name", user.displayName())
                    .param("org", user.organisationCode())
                    .param("contact", reach)
                    .param("message", text)
                    .param("at", now())
                    .update();
            audit.record(event(
                    requester,
                    "CONTACT_REQUESTED",
                    childId.value(),
                    "to the team of the child's authority",
                    opening.reasonText()));
        });
    }

    /** The open requests about children of the team's authority, oldest first. */
    List<Request> open(RecordAccess.Requester requester) {
        String area = team(requester);
        return jdbc.sql("""
                        select r.id, c.child_id, c.given_names || ' ' || c.family_name, c.date_of_birth, r.requester_name,
                            r.requester_organisation, r.requester_contact, r.message, r.created_at
                        from contact_request r join child c on c.id = r.child_id
                        where r.state = 'OPEN' and c.local_authority_code = :area order by r.created_at, r.id""")
                .param("area", area)
                .query((rs, n) -> new Request(
                        rs.getLong(1),
                        new ChildId(rs.getString(2)).formatted(),
                        rs.getString(3),
                        rs.getObject(4, LocalDate.class),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getString(8),
                        rs.getObject(9, OffsetDateTime.class)))
                .list();
    }

    /** The team passes the request on, or declines it; a note says how (or why not). */
    void handle(RecordAccess.Requester requester, long id, boolean passedOn, String note) {
        String area = team(requester);
        String text = FreeText.required(
                note,
                "note",
                passedOn ? "Say whom you passed the message to, and how." : "Say why the request is declined.",
                1000);
        transactions.executeWithoutResult(tx -> {
            var childId = jdbc.sql("""
                            select c.child_id from contact_request r join child c on c.id = r.child_id
                            where r.id = :id and r.state = 'OPEN' and c.local_authority_code = :area""")
                    .param("id", id)
                    .param("area", area)
                    .query(String.class)
                    .optional()
                    .orElseThrow(() -> new RecordRefusedException(
                            RecordRefusedException.Kind.NOT_FOUND,
                            "id",
                            "There is no open request with that number for a child of your authority."));
            jdbc.sql("""
                            update contact_request set state = :state, handled_by = :by, handled_at = :at,
                                handled_note = :note where id = :id""")
                    .param("state", passedOn ? "PASSED_ON" : "DECLINED")
                    .param("by", requester.user().id())
                    .param("at", now())
                    .param("note", text)
                    .param("id", id)
                    .update();
            audit.record(event(
                    requester, passedOn ? "CONTACT_PASSED_ON" : "CONTACT_DECLINED", childId, "request " + id, text));
        });
    }

    private static String team(RecordAccess.Requester requester) {
        return requester.teamArea("Only a local authority's ContactPoint team brokers contact.");
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    private static AuditEvent event(
            RecordAccess.Requester requester, String action, String childId, String detail, String reason) {
        var user = requester.user();
        Role role = user.has(Role.LA_TEAM) ? Role.LA_TEAM : user.roles().getFirst();
        return requester.event(role, action, childId, detail, reason, AuditEvent.Outcome.SUCCESS);
    }
}
