package uk.contactpoint.directory;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import uk.contactpoint.access.Role;
import uk.contactpoint.audit.AuditEvent;
import uk.contactpoint.audit.AuditLog;
import uk.contactpoint.feeds.FeedRow;
import uk.contactpoint.feeds.SourceRecordsChanged;
import uk.contactpoint.feeds.SourceSubmissions;
import uk.contactpoint.feeds.Sources;
import uk.contactpoint.kernel.ChildId;
import uk.contactpoint.kernel.Gender;
import uk.contactpoint.kernel.InvalidValueException;
import uk.contactpoint.kernel.NhsNumber;
import uk.contactpoint.kernel.ServiceType;
import uk.contactpoint.kernel.SourceCode;
import uk.contactpoint.kernel.Upn;

/**
 * A practitioner's own service's involvement with a child: added, ended, marked lead professional, or a CAF recorded.
 * Each change is a source record of the practitioner's organisation (source {@code org-<code>}, one record per child
 * and service type), linked to the child by the practitioner's choice (MANUAL, so no automatic run moves it), and it
 * reaches the child's record, the change log and the search index by the same path as a feed's rows.
 */
@Service
class Involvements {

    private static final Pattern PHONE = Pattern.compile("\\+?[0-9 ()-]{6,30}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,189}\\.[^@\\s]{2,}");
    private static final int MAX_TEXT = 200;

    /** What a practitioner gives to add (or replace) their service's involvement. */
    record NewInvolvement(
            String serviceType,
            String practitionerName,
            String practitionerPhone,
            String practitionerEmail,
            LocalDate startedOn,
            boolean leadProfessional,
            boolean consentRecorded) {}

    /** A change to an existing involvement, named in URLs by its path segment. */
    enum Change {
        END("end"),
        LEAD_PROFESSIONAL("lead"),
        CAF("caf");

        private final String segment;

        Change(String segment) {
            this.segment = segment;
        }

        static Optional<Change> of(String segment) {
            return Arrays.stream(values())
                    .filter(c -> c.segment.equals(segment))
                    .findFirst();
        }
    }

    private final ChildRecords records;
    private final Sources sources;
    private final SourceSubmissions submissions;
    private final SourceLinks links;
    private final ApplicationEventPublisher events;
    private final AuditLog audit;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;

    Involvements(
            ChildRecords records,
            Sources sources,
            SourceSubmissions submissions,
            SourceLinks links,
            ApplicationEventPublisher events,
            AuditLog audit,
            JdbcClient jdbc,
            TransactionTemplate transactions,
            Clock clock) {
        this.records = records;
        this.sources = sources;
        this.submissions = submissions;
        this.links = links;
        this.events = events;
        this.audit = audit;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Adds the practitioner's service, or replaces what their organisation said before of the same service type. */
    void add(RecordAccess.Requester requester, OpenRecord opening, NewInvolvement given) {
        ServiceType type = serviceType(given.serviceType());
        if (type.sensitive() && !given.consentRecorded()) {
            throw bad(
                    "consentRecorded",
                    "A sexual health, mental health or substance misuse service is recorded only with the child's"
                            + " consent. Confirm that consent is recorded.");
        }
        String name = FreeText.required(
                given.practitionerName(), "practitionerName", "Enter the practitioner's name.", MAX_TEXT);
        String phone = matching(
                given.practitionerPhone(), PHONE, "practitionerPhone", "Enter a phone number, like 0113 496 0000.");
        String email = matching(
                given.practitionerEmail(),
                EMAIL,
                "practitionerEmail",
                "Enter an email address, like name@example.org.");
        if (phone == null && email == null) {
            throw bad("practitionerPhone", "Give a phone number or an email address, so that others can reach you.");
        }
        LocalDate today = LocalDate.now(clock);
        LocalDate started = given.startedOn() == null ? today : given.startedOn();
        if (started.isAfter(today)) {
            throw bad("startedOn", "The start date must be today or in the past.");
        }
        change(
                requester,
                opening,
                type,
                "INVOLVEMENT_ADDED",
                existing -> Optional.of(new FeedRow.Service(
                        type,
                        requester.user().organisationCode(),
                        requester.user().organisationName(),
                        name,
                        phone,
                        email,
                        Optional.of(started),
                        given.leadProfessional(),
                        existing.flatMap(FeedRow.Service::cafCompletedDate))),
                given.consentRecorded());
    }

    /** Ends the service's involvement, marks its practitioner lead professional, or records that a CAF was done. */
    void change(
            RecordAccess.Requester requester, OpenRecord opening, String serviceType, Change change, LocalDate cafOn) {
        ServiceType type = serviceType(serviceType);
        switch (change) {
            case END ->
                change(
                        requester,
                        opening,
                        type,
                        "INVOLVEMENT_ENDED",
                        existing -> {
                            requireExisting(existing);
                            return Optional.empty();
                        },
                        false);
            case LEAD_PROFESSIONAL ->
                change(
                        requester,
                        opening,
                        type,
                        "LEAD_PROFESSIONAL",
                        existing -> Optional.of(requireExisting(existing).asLead()),
                        null);
            case CAF -> {
                if (cafOn == null) {
                    throw bad("cafCompletedOn", "Enter the date the CAF assessment was completed.");
                }
                if (cafOn.isAfter(LocalDate.now(clock)) || cafOn.isBefore(LocalDate.of(2005, 1, 1))) {
                    throw bad("cafCompletedOn", "The CAF date must be in the past (and not before 2005).");
                }
                change(
                        requester,
                        opening,
                        type,
                        "CAF_RECORDED",
                        existing -> Optional.of(requireExisting(existing).withCafCompleted(cafOn)),
                        null);
            }
        }
    }

    private interface Edit {
        /** The new service from the one the organisation recorded before (empty when it has none); empty ends it. */
        Optional<FeedRow.Service> apply(Optional<FeedRow.Service> existing);
    }

    /**
     * One change, in one transaction: the source record, its MANUAL link when it is new, the child's record rebuilt
     * and logged (through {@link SourceRecordsChanged}, as for a feed), and the audit event.
     */
    private void change(
            RecordAccess.Requester requester,
            OpenRecord opening,
            ServiceType type,
            String action,
            Edit edit,
            Boolean consent) {
        var user = requester.user();
        if (!user.has(Role.PRACTITIONER)) {
            throw new RecordRefusedException(
                    RecordRefusedException.Kind.FORBIDDEN,
                    "role",
                    "Only a practitioner (not a view-only one) can change their service's involvement.");
        }
        transactions.executeWithoutResult(tx -> {
            ChildId childId = new ChildId(opening.childId());
            ChildRecord child =
                    records.find(childId).filter(ChildRecord::live).orElseThrow(RecordRefusedException::notFound);
            if (RecordVisibility.of(child, RecordAccess.viewer(user, false)) instanceof RecordView.Shielded) {
                throw new RecordRefusedException(
                        RecordRefusedException.Kind.FORBIDDEN,
                        "childId",
                        "This record is shielded. Ask the ContactPoint team of the child's local authority to pass on"
                                + " your involvement.");
            }
            SourceCode source = sources.practitionerSource(user.organisationCode(), user.organisationName());
            String recordId = childId.value() + "-" + type.feedCode();
            Optional<Existing> before = existing(source, recordId);
            Optional<FeedRow.Service> service = edit.apply(before.map(Existing::service));
            boolean consentRecorded =
                    consent != null ? consent : before.map(Existing::consent).orElse(false);
            FeedRow row = row(recordId, child, service, consentRecorded);
            var submitted = submissions.submit(source, row, user.id(), "web: " + action + " by " + user.username());
            if (links.matchesOf(List.of(submitted.sourceRecordId())).isEmpty()) {
                links.manualMatch(
                        submitted.sourceRecordId(),
                        child.id(),
                        user.id(),
                        "involvement indicated by a practitioner of " + user.organisationCode());
            }
            if (submitted.changed()) {
                events.publishEvent(new SourceRecordsChanged(submitted.runId(), List.of(submitted.sourceRecordId())));
            }
            audit.record(requester.event(
                    Role.PRACTITIONER,
                    action,
                    childId.value(),
                    "service=" + type.feedCode() + " source=" + source + " record=" + recordId
                            + (submitted.changed() ? "" : " unchanged"),
                    opening.reasonText(),
                    AuditEvent.Outcome.SUCCESS));
        });
    }

    private record Existing(FeedRow.Service service, boolean consent) {}

    /** The organisation's active record of this service for the child, if it has one. */
    private Optional<Existing> existing(SourceCode source, String recordId) {
        return jdbc.sql("""
                        select service_type, service_org_code, service_name, practitioner_name, practitioner_phone,
                            practitioner_email, service_start_date, lead_professional, caf_completed_date, consent_recorded
                        from source_record where source_code = :source and record_id = :record and state = 'ACTIVE'
                            and service_type is not null""")
                .param("source", source.value())
                .param("record", recordId)
                .query((rs, n) -> new Existing(
                        new FeedRow.Service(
                                ServiceType.valueOf(rs.getString(1)),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getString(5),
                                rs.getString(6),
                                Optional.ofNullable(rs.getObject(7, LocalDate.class)),
                                rs.getBoolean(8),
                                Optional.ofNullable(rs.getObject(9, LocalDate.class))),
                        rs.getBoolean(10)))
                .optional();
    }

    private static FeedRow.Service requireExisting(Optional<FeedRow.Service> existing) {
        return existing.orElseThrow(() ->
                bad("serviceType", "Your organisation has no involvement of this kind with this child to change."));
    }

    /**
     * The organisation's record of the child: the child's names, date of birth, gender and identifiers as the
     * directory holds them (so the record changes nothing of them), and the service; no service means it has ended.
     */
    private static FeedRow row(String recordId, ChildRecord child, Optional<FeedRow.Service> service, boolean consent) {
        return new FeedRow(
                0,
                recordId,
                service.isPresent() ? FeedRow.Action.UPSERT : FeedRow.Action.DELETE,
                Optional.ofNullable(child.nhsNumber()).map(NhsNumber::new),
                Optional.ofNullable(child.upn()).map(Upn::new),
                child.givenNames(),
                child.familyName(),
                List.of(),
                child.dateOfBirth(),
                Optional.of(Gender.valueOf(child.gender())),
                new FeedRow.Address(null, null, null, Optional.empty(), null),
                false,
                Optional.empty(),
                List.of(),
                service,
                consent,
                List.of());
    }

    private static ServiceType serviceType(String text) {
        if (text == null || text.isBlank()) {
            throw bad("serviceType", "Select the kind of service.");
        }
        try {
            return ServiceType.fromFeed(text);
        } catch (InvalidValueException e) {
            try {
                return ServiceType.valueOf(text.strip());
            } catch (IllegalArgumentException again) {
                throw bad(
                        "serviceType",
                        "The kind of service is " + e.getMessage().replace("service_type is ", ""));
            }
        }
    }

    private static String matching(String value, Pattern pattern, String field, String message) {
        String text = FreeText.optional(value, field, MAX_TEXT);
        if (text != null && !pattern.matcher(text).matches()) {
            throw bad(field, message);
        }
        return text;
    }

    private static RecordRefusedException bad(String field, String message) {
        return RecordRefusedException.bad(field, message);
    }
}
