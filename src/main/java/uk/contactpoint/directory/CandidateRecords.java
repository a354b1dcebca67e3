package uk.contactpoint.directory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import uk.contactpoint.kernel.Gender;
import uk.contactpoint.kernel.IdList;
import uk.contactpoint.matching.LinkageRecord;

/**
 * Source records as the matching engine weighs them, and nothing more: a batch weighs about sixty records sharing a
 * key for each of its own (ADR 39), so these are read with only the fields the engine compares, straight into its
 * records, not as whole records (carers, services) checked again on the way. The same record as
 * {@link LinkageInput#of} makes from a whole one: stored values were checked when they were loaded.
 */
@Repository
class CandidateRecords {

    private final JdbcClient jdbc;

    CandidateRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A record's id and what the engine weighs of it. */
    record Candidate(long id, LinkageRecord input) {}

    /** These records (any that exist), in no particular order. */
    List<Candidate> read(Collection<Long> ids) {
        List<Candidate> found = new ArrayList<>(ids.size());
        for (String part : IdList.parts(ids)) {
            jdbc.sql("""
                    select id, source_code, record_id, given_names, family_name, former_family_names, date_of_birth,
                        gender, postcode, address_line_1, address_line_2, nhs_number, upn
                    from source_record where id in (%s)""".formatted(part)).query((RowCallbackHandler) rs -> {
                String source = rs.getString(2);
                String former = rs.getString(6);
                var born = rs.getDate(7);
                String gender = rs.getString(8);
                found.add(new Candidate(
                        rs.getLong(1),
                        new LinkageRecord(
                                LinkageRecord.keyOf(source, rs.getString(3)),
                                source,
                                rs.getString(4),
                                rs.getString(5),
                                former == null ? List.of() : List.of(former.split("\\|")),
                                born == null ? null : born.toLocalDate(),
                                gender == null ? null : Gender.valueOf(gender).feedCode(),
                                rs.getString(9),
                                rs.getString(10),
                                rs.getString(11),
                                rs.getString(12),
                                rs.getString(13),
                                false)));
            });
        }
        return found;
    }
}
