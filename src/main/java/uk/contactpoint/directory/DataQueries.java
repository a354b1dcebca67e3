package uk.contactpoint.directory;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
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
import uk.contactpoint.kernel.Postcode;
import uk.contactpoint.kernel.Upn;

/**
 * Data quality queries (issue 8, point 4): anyone who can see a child's whole record flags a field as wrong; the
 * ContactPoint team of the child's authority resolves it without a change, by preferring one of the child's sources
 * for that field, or by correcting it (a record of the team's own source, preferred for the field). A preference
 * holds on every later rebuild of the child, so the next feed does not put the wrong value back
 * (docs/adr/0027-data-quality.md).
 */
@Service
class DataQueries {

    enum Field {
        NAME,
        DATE_OF_BIRTH,
        GENDER,
        ADDRESS,
        OTHER;

        static Field of(String text) {
            if (text != null) {
                for (Field f : values()) {
                    if (f.name().equalsIgnoreCase(text.strip())) {
                        return f;
                    }
                }
            }
            throw RecordRefusedException.bad(
                    "field", "Choose what is wrong: name, date_of_birth, gender, address or other.");
        }

        public String label() {
            return switch (this) {
                case NAME -> "Name";
                case DATE_OF_BIRTH -> "Date of birth";
                case GENDER -> "Gender";
                case ADDRESS -> "Address";
                case OTHER -> "Something else";
            };
        }
    }

    /** A source that holds an active record of the child. */
    record SourceOption(String code, String name) {}

    /** An open query as the team sees it. */
    record Query(
            long id,
            String childId,
            String childName,
            LocalDate dateOfBirth,
            Field field,
            String message,
            String raisedBy,
            String raisedOrganisation,
            OffsetDateTime raisedAt,
            List<SourceOption> sources) {}

    /** The team's corrected value for the query's field; the other parts are ignored. */
    record Correction(
            String givenNames,
            String familyName,
            LocalDate dateOfBirth,
            String gender,
            String addressLine1,
            String town,
            String postcode) {}

    private final JdbcClient jdbc;
    private final ChildRecords records;
    private final ChildBuilds builds;
    private final SourceLinks links;
    private final Sources sources;
    private final SourceSubmissions submissions;
    private final ChangeLog changeLog;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final Clock clock;

    DataQueries(
            JdbcClient jdbc,
            ChildRecords records,
            ChildBuilds builds,
            SourceLinks links,
            Sources sources,
            SourceSubmissions submissions,
            ChangeLog changeLog,
            AuditLog audit,
            ApplicationEventPublisher events,
            TransactionTemplate transactions,
            Clock clock) {
        this.jdbc = jdbc;
        this.records = records;
        this.builds = builds;
        this.links = links;
        this.sources = sources;
        this.submissions = submissions;
        this.changeLog = changeLog;
        this.audit = audit;
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Flags a field of the open record as wrong; only someone who sees the whole record can. */
    void raise(RecordAccess.Requester requester, OpenRecord opening, String field, String message) {
        var user = requester.user();
        Field what = Field.of(field);
        String text = FreeText.required(message, "message", "Say what is wrong, and what you believe is right.", 1_000);
        transactions.executeWithoutResult(tx -> {
            ChildId childId = new ChildId(opening.childId());
            ChildRecord child =
                    records.find(childId).filter(ChildRecord::live).orElseThrow(RecordRefusedException::notFound);
            if (RecordVisibility.of(child, RecordAccess.viewer(user, opening.override()))
                    instanceof RecordView.Shielded) {
                throw new RecordRefusedException(
                        RecordRefusedException.Kind.FORBIDDEN,
                        "childId",
                        "This record is shielded. Ask the ContactPoint team through a contact request.");
            }
            jdbc.sql("""
                    insert into data_query (child_id, field, message, raised_by, raised_organisation, raised_at, state)
                    values (:child, :field, :message, :by, :org, :at, 'OPEN')""")
                    .param("child", child.id())
                    .param("field", what.name())
                    .param("message", text)
                    .param("by", user.id())
                    .param("org", user.organisationCode())
                    .param("at", now())
                    .update();
            audit.record(requester.event(
                    user.has(Role.LA_TEAM) ? Role.LA_TEAM : user.roles().getFirst(),
                    "DATA_QUERY_RAISED",
                    childId.value(),
                    "field=" + what.name(),
                    text,
                    AuditEvent.Outcome.SUCCESS));
        });
    }

    /** The open queries about children of the team's authority, oldest first. */
    List<Query> open(RecordAccess.Requester requester) {
        String area = area(requester);
        return jdbc.sql("""
                        select q.id, c.id, c.child_id, c.given_names || ' ' || c.family_name, c.date_of_birth, q.field,
                            q.message, u.display_name, q.raised_organisation, q.raised_at
                        from data_query q join child c on c.id = q.child_id join app_user u on u.id = q.raised_by
                        where q.state = 'OPEN' and c.local_authority_code = :area and c.state = 'ACTIVE'
                        order by q.raised_at, q.id""")
                .param("area", area)
                .query((rs, n) -> new Query(
                        rs.getLong(1),
                        new ChildId(rs.getString(3)).formatted(),
                        rs.getString(4),
                        rs.getObject(5, LocalDate.class),
                        Field.valueOf(rs.getString(6)),
                        rs.getString(7),
                        rs.getString(8),
                        rs.getString(9),
                        rs.getObject(10, OffsetDateTime.class),
                        sourcesOf(rs.getLong(2))))
                .list();
    }

    /**
     * Resolves an open query of the team's authority: {@code no_change}, {@code prefer} (with a source of the child),
     * or {@code correct} (with the corrected value). A note is required; it is kept with the query and audited.
     */
    void resolve(
            RecordAccess.Requester requester,
            long id,
            String outcome,
            String note,
            String preferredSource,
            Correction correction) {
        String area = area(requester);
        String text = FreeText.required(note, "note", "Say what you found and what you did.", 1_000);
        String how = outcome == null ? "" : outcome.strip().toLowerCase(java.util.Locale.ROOT);
        if (!List.of("no_change", "prefer", "correct").contains(how)) {
            throw RecordRefusedException.bad("outcome", "Choose no change, prefer a source, or correct the record.");
        }
        var user = requester.user();
        transactions.executeWithoutResult(tx -> {
            record Open(long childId, String cpId, Field field) {}
            Open q = jdbc.sql("""
                            select c.id, c.child_id, q.field from data_query q join child c on c.id = q.child_id
                            where q.id = :id and q.state = 'OPEN' and c.local_authority_code = :area
                              and c.state = 'ACTIVE' for update""")
                    .param("id", id)
                    .param("area", area)
                    .query((rs, n) -> new Open(rs.getLong(1), rs.getString(2), Field.valueOf(rs.getString(3))))
                    .optional()
                    .orElseThrow(() -> new RecordRefusedException(
                            RecordRefusedException.Kind.NOT_FOUND,
                            "id",
                            "This query is not open for your authority: it may have been resolved already."));
            if (!how.equals("no_change") && q.field() == Field.OTHER) {
                throw RecordRefusedException.bad(
                        "outcome", "A query about something else can only be resolved without a change here.");
            }
            String detail = "query=" + id + " field=" + q.field() + " outcome=" + how;
            if (how.equals("prefer")) {
                if (sourcesOf(q.childId()).stream().noneMatch(s -> s.code().equals(preferredSource))) {
                    throw RecordRefusedException.bad("preferredSource", "Choose one of the child's sources.");
                }
                prefer(q.childId(), q.field(), preferredSource, user.id());
                builds.rebuild(List.of(q.childId()));
                changeLog.append(List.of(new ChangeLog.Change(q.childId(), ChangeLog.Kind.UPDATED)));
                detail += " source=" + preferredSource;
            } else if (how.equals("correct")) {
                ChildRecord child = records.find(new ChildId(q.cpId())).orElseThrow();
                FeedRow row = corrected(child, q.field(), correction);
                var source = sources.practitionerSource(user.organisationCode(), user.organisationName());
                var submitted = submissions.submit(source, row, user.id(), "web: correction by " + user.username());
                if (links.matchesOf(List.of(submitted.sourceRecordId())).isEmpty()) {
                    links.manualMatch(
                            submitted.sourceRecordId(), q.childId(), user.id(), "the ContactPoint team's correction");
                }
                prefer(q.childId(), q.field(), source.value(), user.id());
                // The linker rebuilds the child (with the preference) and logs the change, as for any record.
                events.publishEvent(new SourceRecordsChanged(submitted.runId(), List.of(submitted.sourceRecordId())));
                detail += " source=" + source.value();
            }
            jdbc.sql("""
                    update data_query set state = 'RESOLVED', resolution = :note, resolved_by = :by, resolved_at = :at
                    where id = :id""")
                    .param("note", how + ": " + text)
                    .param("by", user.id())
                    .param("at", now())
                    .param("id", id)
                    .update();
            audit.record(requester.event(
                    Role.LA_TEAM, "DATA_QUERY_RESOLVED", q.cpId(), detail, text, AuditEvent.Outcome.SUCCESS));
        });
    }

    private void prefer(long child, Field field, String source, long by) {
        jdbc.sql("delete from field_preference where child_id = :child and field = :field")
                .param("child", child)
                .param("field", field.name())
                .update();
        jdbc.sql("""
                insert into field_preference (child_id, field, source_code, decided_by, decided_at)
                values (:child, :field, :source, :by, :at)""")
                .param("child", child)
                .param("field", field.name())
                .param("source", source)
                .param("by", by)
                .param("at", now())
                .update();
    }

    /** The team's record for the child: the record as it stands, with the corrected field. */
    private static FeedRow corrected(ChildRecord child, Field field, Correction c) {
        if (c == null) {
            throw RecordRefusedException.bad("correction", "Enter the corrected value.");
        }
        String given = child.givenNames();
        String family = child.familyName();
        LocalDate dob = child.dateOfBirth();
        Gender gender = Gender.valueOf(child.gender());
        FeedRow.Address address = new FeedRow.Address(
                child.addressLine1(),
                child.addressLine2(),
                child.town(),
                Optional.ofNullable(child.postcode()).map(Postcode::new),
                null);
        switch (field) {
            case NAME -> {
                given = Adoptions.name(c.givenNames(), "correctedGivenNames", "Enter the given names.");
                family = Adoptions.name(c.familyName(), "correctedFamilyName", "Enter the family name.");
            }
            case DATE_OF_BIRTH -> {
                if (c.dateOfBirth() == null) {
                    throw RecordRefusedException.bad("correctedDateOfBirth", "Enter the date of birth.");
                }
                dob = c.dateOfBirth();
            }
            case GENDER -> {
                try {
                    gender =
                            Gender.fromFeed(c.gender() == null ? "" : c.gender().strip());
                } catch (InvalidValueException e) {
                    throw RecordRefusedException.bad("correctedGender", "Choose the gender.");
                }
            }
            case ADDRESS -> {
                Postcode postcode;
                try {
                    postcode = Postcode.of(c.postcode() == null ? "" : c.postcode());
                } catch (InvalidValueException e) {
                    throw RecordRefusedException.bad("correctedPostcode", "Enter a real postcode, like LS6 2AB.");
                }
                String line1 = c.addressLine1() == null || c.addressLine1().isBlank()
                        ? null
                        : c.addressLine1().strip();
                String town =
                        c.town() == null || c.town().isBlank() ? null : c.town().strip();
                address = new FeedRow.Address(line1, null, town, Optional.of(postcode), null);
            }
            case OTHER -> throw new IllegalStateException("refused before");
        }
        return new FeedRow(
                0,
                "correction-" + child.childId().value(),
                FeedRow.Action.UPSERT,
                Optional.ofNullable(child.nhsNumber()).map(NhsNumber::new),
                Optional.ofNullable(child.upn()).map(Upn::new),
                given,
                family,
                List.of(),
                dob,
                Optional.of(gender),
                address,
                false,
                Optional.empty(),
                List.of(),
                Optional.empty(),
                false,
                List.of());
    }

    /** The sources that hold an active record of the child: the choices for a preferred source. */
    private List<SourceOption> sourcesOf(long child) {
        return jdbc.sql("""
                        select distinct s.code, s.name from source_link l
                        join source_record r on r.id = l.source_record_id and r.state = 'ACTIVE'
                        join source s on s.code = r.source_code
                        where l.child_id = :child and l.match_result = 'MATCH' order by s.code""")
                .param("child", child)
                .query((rs, n) -> new SourceOption(rs.getString(1), rs.getString(2)))
                .list();
    }

    private static String area(RecordAccess.Requester requester) {
        return requester.teamArea("Only a local authority's ContactPoint team resolves data quality queries.");
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }
}
