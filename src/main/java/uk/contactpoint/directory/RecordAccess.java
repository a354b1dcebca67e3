package uk.contactpoint.directory;

import java.time.Clock;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import uk.contactpoint.access.Role;
import uk.contactpoint.access.SignedInUser;
import uk.contactpoint.audit.AuditEvent;
import uk.contactpoint.audit.AuditLog;
import uk.contactpoint.audit.MisuseDetector;
import uk.contactpoint.kernel.ChildId;
import uk.contactpoint.kernel.InvalidValueException;
import uk.contactpoint.matching.Standardise;

/**
 * Opening a child's record: a reason first, then the record as {@link RecordVisibility} lets this user see it, with a
 * VIEW audit event written in the transaction that reads it. A child-protection override of a shield is confirmed
 * by the user, recorded as SHIELD_OVERRIDE, and raises its misuse alert at once.
 */
@Service
class RecordAccess {

    private static final Logger log = LoggerFactory.getLogger(RecordAccess.class);

    /** The roles that may open a record: the roles that may search. */
    static final Set<Role> VIEWERS =
            EnumSet.of(Role.PRACTITIONER, Role.PRACTITIONER_VIEW_ONLY, Role.LA_TEAM, Role.CHILD_PROTECTION_OVERRIDE);

    /** Who asks, and from where, as the audit records it. */
    record Requester(SignedInUser user, String clientAddress, String userAgent) {

        /** The authority whose ContactPoint team the requester is in; refused for anyone else. */
        String teamArea(String refusal) {
            if (!user.has(Role.LA_TEAM) || user.localAuthorityCode() == null) {
                throw new RecordRefusedException(RecordRefusedException.Kind.FORBIDDEN, "role", refusal);
            }
            return user.localAuthorityCode();
        }

        /** An audit event by this requester under the given role; {@code childId} in canonical form, or null. */
        AuditEvent event(
                Role role, String action, String childId, String detail, String reason, AuditEvent.Outcome outcome) {
            return new AuditEvent(
                    user.id(),
                    user.username(),
                    user.organisationCode(),
                    role.name(),
                    clientAddress,
                    userAgent,
                    action,
                    childId,
                    detail,
                    reason,
                    outcome);
        }
    }

    /** What the reason page shows: what the search already showed, and whether opening would be an override. */
    record Preview(String childId, String givenNames, String familyName, LocalDate dateOfBirth, boolean override) {}

    private final ChildRecords records;
    private final AuditLog audit;
    private final MisuseDetector misuse;
    private final TransactionTemplate transactions;
    private final Clock clock;

    RecordAccess(
            ChildRecords records,
            AuditLog audit,
            MisuseDetector misuse,
            TransactionTemplate transactions,
            Clock clock) {
        this.records = records;
        this.audit = audit;
        this.misuse = misuse;
        this.transactions = transactions;
        this.clock = clock;
    }

    Preview preview(Requester requester, String childId, Predicate<ChildId> foundBySearch) {
        ChildRecord record = findable(requester, childId, foundBySearch, "preview");
        return new Preview(
                record.childId().formatted(),
                record.givenNames(),
                record.familyName(),
                record.dateOfBirth(),
                overrideApplies(requester.user(), record));
    }

    /**
     * Checks the reason (and the override, when the user asks for one) and returns the opening to keep in the
     * session. An override is recorded here, before anything of the record is shown.
     */
    OpenRecord open(
            Requester requester,
            String childId,
            Predicate<ChildId> foundBySearch,
            String reasonCode,
            String detail,
            boolean confirmOverride) {
        ChildRecord record = findable(requester, childId, foundBySearch, "open");
        ViewReason reason;
        String text;
        try {
            reason = ViewReason.of(reasonCode);
            text = detail(detail, reason == ViewReason.OTHER, "Say why you are opening this record.");
            if (confirmOverride) {
                if (!requester.user().has(Role.CHILD_PROTECTION_OVERRIDE)) {
                    throw new RecordRefusedException(
                            RecordRefusedException.Kind.FORBIDDEN,
                            "override",
                            "Only a child-protection override user can override a shield.");
                }
                if (overrideApplies(requester.user(), record)) {
                    text = detail(detail, true, "Say why the child-protection enquiry needs this shielded record.");
                }
            }
        } catch (RecordRefusedException e) {
            refuse(requester, record.childId(), "open", e);
            throw e;
        }
        boolean override = confirmOverride && overrideApplies(requester.user(), record);
        OpenRecord opening = new OpenRecord(record.childId().value(), reason, text, override, clock.instant());
        if (override) {
            transactions.executeWithoutResult(tx -> audit.record(event(
                    requester,
                    Role.CHILD_PROTECTION_OVERRIDE,
                    "SHIELD_OVERRIDE",
                    record.childId(),
                    "opened a shielded record with the child-protection override",
                    opening.reasonText(),
                    AuditEvent.Outcome.SUCCESS)));
            raiseAlertNow();
        }
        return opening;
    }

    /** The record as this user may see it under this opening; the VIEW event commits with the read. */
    RecordView view(Requester requester, OpenRecord opening) {
        RecordView view = transactions.execute(tx -> {
            ChildId childId = new ChildId(opening.childId());
            ChildRecord record =
                    records.find(childId).filter(ChildRecord::live).orElseThrow(RecordRefusedException::notFound);
            var viewer = viewer(requester.user(), opening.override());
            RecordView shown = RecordVisibility.of(record, viewer);
            audit.record(event(
                    requester,
                    role(requester.user(), opening.override()),
                    "VIEW",
                    childId,
                    describe(record, shown, requester.user()),
                    opening.reasonText(),
                    AuditEvent.Outcome.SUCCESS));
            return shown;
        });
        return view;
    }

    /**
     * Opens the record for a change made through the JSON API, as the record API opens it: found by the session's
     * searches, with the reason, and no override.
     */
    OpenRecord openForChange(
            Requester requester, String childId, Predicate<ChildId> foundBySearch, String reasonCode, String detail) {
        return open(requester, childId, foundBySearch, reasonCode, detail, false);
    }

    /** Opening and viewing at once, for the API: the override (if any) and the view are recorded together. */
    RecordView openAndView(
            Requester requester,
            String childId,
            Predicate<ChildId> foundBySearch,
            String reasonCode,
            String detail,
            boolean confirmOverride) {
        return view(requester, open(requester, childId, foundBySearch, reasonCode, detail, confirmOverride));
    }

    /** The child, when it exists, is live, and this user's searches found it; otherwise one and the same refusal. */
    private ChildRecord findable(Requester requester, String text, Predicate<ChildId> foundBySearch, String step) {
        role(requester.user(), false);
        ChildId childId = null;
        Optional<ChildRecord> record = Optional.empty();
        try {
            childId = ChildId.of(text);
            if (foundBySearch.test(childId)) {
                record = records.find(childId).filter(ChildRecord::live);
            }
        } catch (InvalidValueException e) {
            // An ID that is not one gets the same answer as one that names no child.
        }
        if (record.isEmpty()) {
            var refused = RecordRefusedException.notFound();
            refuse(requester, childId, step, refused);
            throw refused;
        }
        return record.get();
    }

    /** Refused openings are recorded too; {@code childId} is null when what was asked for is not an ID at all. */
    private void refuse(Requester requester, ChildId childId, String step, RecordRefusedException e) {
        transactions.executeWithoutResult(tx -> audit.record(event(
                requester,
                role(requester.user(), false),
                "VIEW",
                childId,
                step + " refused field=" + e.field() + ": " + e.getMessage(),
                null,
                AuditEvent.Outcome.REFUSED)));
    }

    /** A shield the user would see past only with an override: shielded, and the user is not the child's team. */
    private static boolean overrideApplies(SignedInUser user, ChildRecord record) {
        return record.shielded()
                && user.has(Role.CHILD_PROTECTION_OVERRIDE)
                && !viewer(user, false).teamOf(record);
    }

    private static String detail(String detail, boolean required, String missing) {
        return required
                ? FreeText.required(detail, "reasonDetail", missing, ViewReason.MAX_DETAIL)
                : FreeText.optional(detail, "reasonDetail", ViewReason.MAX_DETAIL);
    }

    static RecordVisibility.Viewer viewer(SignedInUser user, boolean override) {
        return new RecordVisibility.Viewer(
                user.id(),
                user.username(),
                user.organisationCode(),
                user.localAuthorityCode(),
                Set.copyOf(user.roles()),
                override);
    }

    /** The role a view is made under, as the audit records it: the one that gives the most, of those that may view. */
    private static Role role(SignedInUser user, boolean override) {
        if (user.has(Role.LA_TEAM)) {
            return Role.LA_TEAM;
        }
        if (override) {
            return Role.CHILD_PROTECTION_OVERRIDE;
        }
        return List.of(Role.PRACTITIONER, Role.PRACTITIONER_VIEW_ONLY, Role.CHILD_PROTECTION_OVERRIDE).stream()
                .filter(user::has)
                .findFirst()
                .orElseThrow(() -> new AccessDeniedException("this role may not open children's records"));
    }

    /**
     * What was shown, so that the audit says which parts the viewer saw; and the two facts the misuse rules look for
     * that only this moment knows: the child lives outside the viewer's authority, or shares the viewer's own family
     * name and home postcode (docs/adr/0022-area-of-residence.md). The facts are recorded, not the addresses.
     */
    static String describe(ChildRecord record, RecordView shown, SignedInUser viewer) {
        return describe(record, shown)
                + (outOfArea(record, viewer)
                        ? " outOfArea=true childArea=" + record.localAuthorityCode() + " userArea="
                                + viewer.localAuthorityCode()
                        : "")
                + (ownFamily(record, viewer) ? " ownFamily=true" : "");
    }

    /** Both have an authority, and they differ. National users (no authority) and children without one are neither. */
    static boolean outOfArea(ChildRecord record, SignedInUser viewer) {
        return record.localAuthorityCode() != null
                && viewer.localAuthorityCode() != null
                && !record.localAuthorityCode().equals(viewer.localAuthorityCode());
    }

    /** The same family name (as the matcher compares names) at the same home postcode. */
    static boolean ownFamily(ChildRecord record, SignedInUser viewer) {
        return viewer.familyName() != null
                && viewer.homePostcode() != null
                && viewer.homePostcode().equals(record.postcode())
                && !Standardise.nameKey(viewer.familyName()).isEmpty()
                && Standardise.nameKey(viewer.familyName()).equals(Standardise.nameKey(record.familyName()));
    }

    private static String describe(ChildRecord record, RecordView shown) {
        return switch (shown) {
            case RecordView.Shielded s -> "view=SHIELDED";
            case RecordView.Full f ->
                "view=" + (f.overridden() ? "OVERRIDE" : "FULL") + " services="
                        + f.services().size()
                        + " hiddenSensitive="
                        + (record.services().size() - f.services().size()) + " sourceIdentifiers="
                        + f.sourceIdentifiers().size();
        };
    }

    private static AuditEvent event(
            Requester requester,
            Role role,
            String action,
            ChildId childId,
            String detail,
            String reason,
            AuditEvent.Outcome outcome) {
        return requester.event(role, action, childId == null ? null : childId.value(), detail, reason, outcome);
    }

    /** The override's alert is raised now, not at the next scheduled scan; the scan will find it if this fails. */
    private void raiseAlertNow() {
        try {
            misuse.scan();
        } catch (RuntimeException e) {
            log.warn("the misuse scan after a shield override failed; the scheduled scan will raise the alert", e);
        }
    }
}
