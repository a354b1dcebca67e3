package uk.contactpoint.directory;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import uk.contactpoint.kernel.ChildId;
import uk.contactpoint.kernel.ServiceType;

/**
 * Reads a child's whole record by ContactPoint ID. The one place outside the search index that reads a child for a
 * person to see, so every caller goes through {@link RecordVisibility} before anything is shown.
 */
@Repository
class ChildRecords {

    private final JdbcClient jdbc;

    ChildRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<ChildRecord> find(ChildId childId) {
        record Row(
                long id,
                String state,
                String given,
                String family,
                LocalDate dob,
                String gender,
                String nhs,
                String upn,
                String addressStatus,
                String line1,
                String line2,
                String town,
                String postcode,
                String area,
                LocalDate death,
                boolean shielded) {}
        Optional<Row> row = jdbc.sql("""
                        select id, state, given_names, family_name, date_of_birth, gender, nhs_number, upn, address_status,
                            address_line_1, address_line_2, town, postcode, local_authority_code, date_of_death, shielded
                        from child where child_id = :childId""")
                .param("childId", childId.value())
                .query((rs, n) -> new Row(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getObject(5, LocalDate.class),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getString(8),
                        rs.getString(9),
                        rs.getString(10),
                        rs.getString(11),
                        rs.getString(12),
                        rs.getString(13),
                        rs.getString(14),
                        rs.getObject(15, LocalDate.class),
                        rs.getBoolean(16)))
                .optional();
        return row.map(r -> new ChildRecord(
                r.id(),
                childId,
                r.state(),
                r.given(),
                r.family(),
                formerNames(r.id()),
                r.dob(),
                r.gender(),
                r.nhs(),
                r.upn(),
                r.addressStatus(),
                r.line1(),
                r.line2(),
                r.town(),
                r.postcode(),
                r.area(),
                r.death(),
                r.shielded(),
                carers(r.id()),
                services(r.id()),
                sourceIdentifiers(r.id())));
    }

    private List<String> formerNames(long id) {
        return jdbc.sql("select family_name from child_former_name where child_id = :id order by id")
                .param("id", id)
                .query(String.class)
                .list();
    }

    private List<ChildRecord.Carer> carers(long id) {
        return jdbc.sql("select name, relationship, phone, email from carer where child_id = :id order by id")
                .param("id", id)
                .query((rs, n) ->
                        new ChildRecord.Carer(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .list();
    }

    private List<ChildRecord.Service> services(long id) {
        return jdbc.sql("""
                        select i.service_type, i.organisation_code, i.service_name, i.practitioner_name,
                            i.practitioner_phone, i.practitioner_email, i.started_on, i.lead_professional,
                            i.caf_completed_on, r.source_code
                        from involvement i left join source_record r on r.id = i.source_record_id
                        where i.child_id = :id and i.ended_on is null order by i.id""")
                .param("id", id)
                .query((rs, n) -> new ChildRecord.Service(
                        ServiceType.valueOf(rs.getString(1)),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getObject(7, LocalDate.class),
                        rs.getBoolean(8),
                        rs.getObject(9, LocalDate.class),
                        rs.getString(10)))
                .list();
    }

    /**
     * The identifiers of the active source records linked to the child, with the organisation that runs each source
     * (read from the access module's organisation table: the one join across modules, kept here so that the rule that
     * uses it has the fact at hand).
     */
    private List<ChildRecord.SourceIdentifier> sourceIdentifiers(long id) {
        return jdbc.sql("""
                        select s.code, s.name, o.code, r.record_id
                        from source_link l
                        join source_record r on r.id = l.source_record_id and r.state = 'ACTIVE'
                        join source s on s.code = r.source_code
                        left join organisation o on o.id = s.organisation_id
                        where l.child_id = :id and l.match_result = 'MATCH' order by s.code, r.record_id""")
                .param("id", id)
                .query((rs, n) -> new ChildRecord.SourceIdentifier(
                        rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .list();
    }
}
