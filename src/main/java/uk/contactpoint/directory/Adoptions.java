package uk.contactpoint.directory;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
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
import uk.contactpoint.feeds.SourceRecords;
import uk.contactpoint.feeds.SourceRecordsChanged;
import uk.contactpoint.feeds.SourceSubmissions;
import uk.contactpoint.feeds.Sources;
import uk.contactpoint.kernel.ChildId;
import uk.contactpoint.kernel.Gender;
import uk.contactpoint.kernel.InvalidValueException;
import uk.contactpoint.kernel.Postcode;

/**
 * Adoption (issue 8, point 6): the team of the child's authority closes the child's identity and opens a new one that
 * nothing connects to the old (docs/adr/0026-adoption.md). The old child stays, IDENTITY_CLOSED, held by its records
 * (each made a MANUAL link, so no run moves them) and live nowhere: not in search, never a candidate that a record is
 * linked to automatically. The new child is built from one record of the team's own source, with the new details; no
 * row, identifier, audit detail or link names the other.
 */
@Service
class Adoptions {

    /** The adopted child's new details; the date of birth stays. */
    record NewIdentity(
            String givenNames, String familyName, String gender, String addressLine1, String town, String postcode) {}

    private static final Pattern NAME = Pattern.compile("\\p{L}[\\p{L} '\\-]{0,199}");

    private final ChildRecords records;
    private final Children children;
    private final ChildBuilds builds;
    private final SourceLinks links;
    private final Sources sources;
    private final SourceSubmissions submissions;
    private final SourceRecords sourceRecords;
    private final ChangeLog changeLog;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final java.security.SecureRandom random = new java.security.SecureRandom();

    Adoptions(
            ChildRecords records,
            Children children,
            ChildBuilds builds,
            SourceLinks links,
            Sources sources,
            SourceSubmissions submissions,
            SourceRecords sourceRecords,
            ChangeLog changeLog,
            AuditLog audit,
            ApplicationEventPublisher events,
            JdbcClient jdbc,
            TransactionTemplate transactions,
            Clock clock) {
        this.records = records;
        this.children = children;
        this.builds = builds;
        this.links = links;
        this.sources = sources;
        this.submissions = submissions;
        this.sourceRecords = sourceRecords;
        this.changeLog = changeLog;
        this.audit = audit;
        this.events = events;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Closes the open record's identity and opens the new one; returns the new ContactPoint ID. */
    ChildId close(RecordAccess.Requester requester, OpenRecord opening, NewIdentity identity, String reason) {
        var user = requester.user();
        String text = FreeText.required(
                reason, "adoptionReason", "Say why the identity is closed (for example, the adoption order).", 1_000);
        String given = name(identity.givenNames(), "newGivenNames", "Enter the child's new given names.");
        String family = name(identity.familyName(), "newFamilyName", "Enter the child's new family name.");
        Optional<Gender> gender = gender(identity.gender());
        Optional<Postcode> postcode = postcode(identity.postcode());
        String line1 = optional(identity.addressLine1(), "newAddressLine1");
        String town = optional(identity.town(), "newTown");
        return transactions.execute(tx -> {
            ChildId oldId = new ChildId(opening.childId());
            ChildRecord child =
                    records.find(oldId).filter(ChildRecord::live).orElseThrow(RecordRefusedException::notFound);
            if (!RecordAccess.viewer(user, false).teamOf(child)) {
                throw new RecordRefusedException(
                        RecordRefusedException.Kind.FORBIDDEN,
                        "childId",
                        "Only the ContactPoint team of the authority the child lives in can close an identity.");
            }
            OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
            // The old records stay with the old identity for good: a person's links, which no run moves.
            jdbc.sql("""
                    update source_link set link_source = 'MANUAL', decided_by = :by, decided_at = :at,
                        reason = 'identity closed at adoption'
                    where child_id = :child and match_result = 'MATCH'""")
                    .param("by", user.id())
                    .param("at", now)
                    .param("child", child.id())
                    .update();
            children.closeIdentity(child.id());

            // The new identity: one record of the team's own source, under a record id that says nothing.
            var source = sources.practitionerSource(user.organisationCode(), user.organisationName());
            byte[] token = new byte[12];
            random.nextBytes(token);
            FeedRow row = new FeedRow(
                    0,
                    "identity-" + HexFormat.of().formatHex(token),
                    FeedRow.Action.UPSERT,
                    Optional.empty(),
                    Optional.empty(),
                    given,
                    family,
                    List.of(),
                    child.dateOfBirth(),
                    gender.or(() -> Optional.of(Gender.valueOf(child.gender()))),
                    new FeedRow.Address(line1, null, town, postcode, null),
                    false,
                    Optional.empty(),
                    List.of(),
                    Optional.empty(),
                    false,
                    List.of());
            var submitted = submissions.submit(source, row, user.id(), "web: new identity by " + user.username());
            long created = builds.create(sourceRecords.findByIds(List.of(submitted.sourceRecordId())));
            links.manualMatch(submitted.sourceRecordId(), created, user.id(), "new identity opened by the team");
            changeLog.append(List.of(
                    new ChangeLog.Change(child.id(), ChangeLog.Kind.CLOSED),
                    new ChangeLog.Change(created, ChangeLog.Kind.CREATED)));
            // Through the linker like any record, so that its blocking keys make it later feeds' candidate.
            events.publishEvent(new SourceRecordsChanged(submitted.runId(), List.of(submitted.sourceRecordId())));
            ChildId newId = new ChildId(children.childIdOf(created).orElseThrow());
            // Two events, neither naming the other child.
            audit.record(requester.event(
                    Role.LA_TEAM, "IDENTITY_CLOSED", oldId.value(), "adoption", text, AuditEvent.Outcome.SUCCESS));
            audit.record(requester.event(
                    Role.LA_TEAM,
                    "IDENTITY_OPENED",
                    newId.value(),
                    "new identity",
                    "new identity",
                    AuditEvent.Outcome.SUCCESS));
            return newId;
        });
    }

    /** A person's name as typed for a record: letters, spaces, hyphens and apostrophes. */
    static String name(String text, String field, String missing) {
        String value = text == null ? "" : text.strip().replaceAll("\\s+", " ");
        if (value.isEmpty()) {
            throw RecordRefusedException.bad(field, missing);
        }
        if (!NAME.matcher(value).matches()) {
            throw RecordRefusedException.bad(
                    field, "Names can have letters, spaces, hyphens and apostrophes only (at most 200).");
        }
        return value;
    }

    private static Optional<Gender> gender(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Gender.fromFeed(text.strip()));
        } catch (InvalidValueException e) {
            throw RecordRefusedException.bad("newGender", "Choose the child's gender, or leave it as it was.");
        }
    }

    private static Optional<Postcode> postcode(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Postcode.of(text));
        } catch (InvalidValueException e) {
            throw RecordRefusedException.bad("newPostcode", "Enter a real postcode, like LS6 2AB.");
        }
    }

    private static String optional(String text, String field) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String value = text.strip();
        if (value.length() > 100) {
            throw RecordRefusedException.bad(field, "At most 100 characters.");
        }
        return value;
    }
}
