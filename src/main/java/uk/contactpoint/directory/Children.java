package uk.contactpoint.directory;

import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import uk.contactpoint.kernel.ChildId;

/** The children table and what hangs off it: former names, carers and involvements. */
@Repository
class Children {

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final Clock clock;
    private final RandomGenerator random;

    Children(JdbcClient jdbc, JdbcTemplate template, Clock clock) {
        this.jdbc = jdbc;
        this.template = template;
        this.clock = clock;
        this.random = new java.security.SecureRandom();
    }

    /**
     * Which of these children the engine must never link a record to automatically: the shielded, and identities
     * closed at adoption (a record that resembles one waits for the team, held back, rather than become a live child).
     */
    Set<Long> neverLinkedAutomatically(Collection<Long> ids) {
        Set<Long> found = new HashSet<>();
        List<Long> all = List.copyOf(ids);
        for (int i = 0; i < all.size(); i += 1_000) {
            found.addAll(jdbc.sql("select id from child where (shielded or state = 'IDENTITY_CLOSED') and id in (:ids)")
                    .param("ids", all.subList(i, Math.min(all.size(), i + 1_000)))
                    .query(Long.class)
                    .list());
        }
        return found;
    }

    /** Inserts a new child with a fresh ContactPoint ID, drawing again in the rare case of a clash. */
    long create(AssembledChild child) {
        for (int attempt = 0; ; attempt++) {
            String childId = ChildId.random(random).value();
            try {
                var keys = new GeneratedKeyHolder();
                jdbc.sql("""
                        insert into child (child_id, state, given_names, family_name, date_of_birth, gender, nhs_number,
                            upn, match_key, address_status, address_line_1, address_line_2, town, postcode, uprn,
                            local_authority_code, date_of_death, created_at, updated_at)
                        values (:childId, 'ACTIVE', :given, :family, :dob, :gender, :nhs, :upn, :key, :status, :line1,
                            :line2, :town, :postcode, :uprn, (select d.local_authority_code from postcode_district d where d.district = :district), :death, :at, :at)""").params(fields(child)).param("childId", childId).update(keys, "id");
                long id = keys.getKeyAs(Long.class);
                replaceParts(id, child, true);
                return id;
            } catch (DuplicateKeyException e) {
                if (attempt > 5) {
                    throw e;
                }
            }
        }
    }

    /** Rewrites the child from its records; a merged, closed or archived child keeps its state. */
    void update(long id, AssembledChild child) {
        jdbc.sql("""
                update child set state = case when state in ('ACTIVE', 'UNKNOWN_TO_SOURCES') then 'ACTIVE' else state end,
                    given_names = :given, family_name = :family, date_of_birth = :dob,
                    gender = :gender, nhs_number = :nhs, upn = :upn, match_key = :key, address_status = :status,
                    address_line_1 = :line1, address_line_2 = :line2, town = :town, postcode = :postcode, uprn = :uprn,
                    local_authority_code = (select d.local_authority_code from postcode_district d where d.district = :district),
                    date_of_death = :death, updated_at = :at, version = version + 1
                where id = :id""").params(fields(child)).param("id", id).update();
        replaceParts(id, child, false);
    }

    /**
     * No source knows the child any more: the record stays, marked so, never silently dropped. A merged, closed or
     * archived child keeps its state: rebuilding it from its records never brings it back.
     */
    void markUnknownToSources(long id) {
        jdbc.sql("""
                        update child set state = 'UNKNOWN_TO_SOURCES', updated_at = :at, version = version + 1
                        where id = :id and state in ('ACTIVE', 'UNKNOWN_TO_SOURCES')""").param("at", now()).param("id", id).update();
    }

    /** An unmerge brings a merged child back. */
    void reopen(long id) {
        jdbc.sql("""
                update child set state = 'ACTIVE', merged_into = null, updated_at = :at, version = version + 1
                where id = :id and state = 'MERGED'""").param("at", now()).param("id", id).update();
    }

    /** The team closed the child's identity at adoption: kept, held by its records, live nowhere. */
    void closeIdentity(long id) {
        jdbc.sql("update child set state = 'IDENTITY_CLOSED', updated_at = :at, version = version + 1 where id = :id")
                .param("at", now())
                .param("id", id)
                .update();
    }

    /** A person merged the child into another: kept for the history, no longer live anywhere. */
    void markMerged(long id, long into) {
        jdbc.sql("""
                update child set state = 'MERGED', merged_into = :into, updated_at = :at, version = version + 1
                where id = :id""").param("into", into).param("at", now()).param("id", id).update();
    }

    private java.util.Map<String, Object> fields(AssembledChild c) {
        var map = new java.util.HashMap<String, Object>();
        map.put("given", c.givenNames());
        map.put("family", c.familyName());
        map.put("dob", date(c.dateOfBirth()));
        map.put("gender", c.gender());
        map.put("nhs", c.nhsNumber());
        map.put("upn", c.upn());
        map.put("key", c.matchKey());
        map.put("status", c.addressStatus());
        map.put("line1", c.addressLine1());
        map.put("line2", c.addressLine2());
        map.put("town", c.town());
        map.put("postcode", c.postcode());
        // The local authority comes from the postcode district (ADR 22).
        map.put("district", c.postcode() == null ? null : new uk.contactpoint.kernel.Postcode(c.postcode()).district());
        map.put("uprn", c.uprn());
        map.put("death", date(c.dateOfDeath()));
        map.put("at", now());
        return map;
    }

    /** Writes the parts of a child; a child just created has none to delete first. */
    private void replaceParts(long id, AssembledChild child, boolean created) {
        if (!created) {
            template.update("delete from child_former_name where child_id = ?", id);
            template.update("delete from carer where child_id = ?", id);
            template.update("delete from involvement where child_id = ?", id);
        }
        template.batchUpdate(
                "insert into child_former_name (child_id, family_name) values (?, ?)",
                child.formerFamilyNames().stream()
                        .map(n -> new Object[] {id, n})
                        .toList());
        template.batchUpdate(
                "insert into carer (child_id, name, relationship, phone, email, source_record_id) values (?, ?, ?, ?, ?, ?)",
                child.carers().stream()
                        .map(c ->
                                new Object[] {id, c.name(), c.relationship(), c.phone(), c.email(), c.sourceRecordId()})
                        .toList());
        template.batchUpdate(
                """
                insert into involvement (child_id, service_type, organisation_code, service_name, practitioner_name,
                    practitioner_phone, practitioner_email, started_on, lead_professional, caf_completed_on, sensitive,
                    consent_recorded, source_record_id)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                child.involvements().stream()
                        .map(i -> new Object[] {
                            id,
                            i.type().name(),
                            i.organisationCode(),
                            i.serviceName(),
                            i.practitionerName(),
                            i.practitionerPhone(),
                            i.practitionerEmail(),
                            date(i.startedOn()),
                            i.leadProfessional(),
                            date(i.cafCompletedOn()),
                            i.type().sensitive(),
                            i.consentRecorded(),
                            i.sourceRecordId()
                        })
                        .toList());
    }

    Optional<String> childIdOf(long id) {
        return jdbc.sql("select child_id from child where id = :id")
                .param("id", id)
                .query(String.class)
                .optional();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    private static Date date(LocalDate date) {
        return date == null ? null : Date.valueOf(date);
    }
}
