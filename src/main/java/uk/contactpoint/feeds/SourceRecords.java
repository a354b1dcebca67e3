package uk.contactpoint.feeds;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import uk.contactpoint.kernel.BulkInsert;
import uk.contactpoint.kernel.Gender;
import uk.contactpoint.kernel.IdList;
import uk.contactpoint.kernel.NhsNumber;
import uk.contactpoint.kernel.Postcode;
import uk.contactpoint.kernel.ServiceType;
import uk.contactpoint.kernel.Sha256;
import uk.contactpoint.kernel.SourceCode;
import uk.contactpoint.kernel.Upn;

/** Every source record as its source last sent it, keyed by (source, record_id). */
@Repository
public class SourceRecords {

    private static final String COLUMNS = """
            id, source_code, record_id, state, updated_at, nhs_number, upn, given_names, family_name,
            former_family_names, date_of_birth, gender, address_line_1, address_line_2, town, postcode, uprn,
            no_fixed_abode, date_of_death, parent_1_name, parent_1_relationship, parent_1_phone, parent_1_email,
            parent_2_name, parent_2_relationship, parent_2_phone, parent_2_email, service_type, service_org_code,
            service_name, practitioner_name, practitioner_phone, practitioner_email, service_start_date,
            lead_professional, caf_completed_date, consent_recorded""";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final JdbcTemplate streaming;

    SourceRecords(JdbcClient jdbc, JdbcTemplate template, DataSource dataSource) {
        this.jdbc = jdbc;
        this.template = template;
        this.streaming = new JdbcTemplate(dataSource);
        this.streaming.setFetchSize(5_000);
    }

    /** The records with these ids, in no particular order. */
    public List<SourceRecordView> findByIds(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<SourceRecordView> found = new ArrayList<>(ids.size());
        for (String part : IdList.parts(ids)) {
            found.addAll(jdbc.sql("select " + COLUMNS + " from source_record where id in (" + part + ")")
                    .query(SourceRecords::view)
                    .list());
        }
        return found;
    }

    /**
     * Streams every active record, in id order, without holding them all: for training a model and for reports over
     * the whole directory. Runs in the caller's transaction (PostgreSQL streams only inside one).
     */
    public void forEachActive(Consumer<SourceRecordView> action) {
        streaming.query(
                "select " + COLUMNS + " from source_record where state = 'ACTIVE' order by id",
                (RowCallbackHandler) rs -> action.accept(view(rs, 0)));
    }

    /**
     * The ids of the source's active records by year of birth, years in order and ids in order within each: how a
     * first load is cut into chunks (docs/adr/0036-first-loads-in-chunks.md).
     */
    public SortedMap<Integer, List<Long>> activeIdsByBirthYear(SourceCode source) {
        SortedMap<Integer, List<Long>> byYear = new TreeMap<>();
        jdbc.sql("""
                        select extract(year from date_of_birth), id from source_record
                        where source_code = :source and state = 'ACTIVE' order by id""").param("source", source.value()).query((RowCallbackHandler) rs ->
                byYear.computeIfAbsent(rs.getInt(1), y -> new ArrayList<>()).add(rs.getLong(2)));
        return byYear;
    }

    /** How many sources hold active records. */
    public long activeSources() {
        return jdbc.sql("select count(distinct source_code) from source_record where state = 'ACTIVE'")
                .query(Long.class)
                .single();
    }

    public long count() {
        return jdbc.sql("select count(*) from source_record where state = 'ACTIVE'")
                .query(Long.class)
                .single();
    }

    /**
     * Deletes these records for good: the directory purges a child's record with the source records it was built from
     * (docs/adr/0030-record-retention.md). Runs in the caller's transaction, after everything that refers to them.
     */
    public void purge(Collection<Long> ids) {
        for (String part : IdList.parts(ids)) {
            jdbc.sql("delete from source_record where id in (" + part + ")").update();
        }
    }

    /** What one batch did. */
    record BatchResult(int inserted, int updated, int unchanged, int deleted, List<Long> changedIds) {}

    private record Existing(long id, String hash, boolean active) {}

    /**
     * Applies a batch of valid rows of one source: new records are inserted, changed ones replaced, deletes mark the
     * record ended, and rows identical to what is stored change nothing. Runs in the caller's transaction.
     *
     * @param empty the source held no records when its run began, and the run's rows have distinct record ids: none
     *     can be stored already, so none is looked up
     */
    BatchResult apply(SourceCode source, long runId, List<FeedRow> rows, Instant now, boolean empty) {
        Map<String, Existing> existing = new HashMap<>();
        List<String> recordIds =
                empty ? List.of() : rows.stream().map(FeedRow::recordId).toList();
        for (List<String> part : partition(recordIds, 500)) {
            // By record_id alone, then the source in Java: with the source in the query H2 picks the
            // (source_code, record_id) index and scans the whole source for the IN list (V16).
            jdbc.sql("select id, record_id, content_hash, state, source_code from source_record where record_id in"
                            + " (:ids)")
                    .param("ids", part)
                    .query((RowCallbackHandler) rs -> {
                        if (source.value().equals(rs.getString(5))) {
                            existing.put(
                                    rs.getString(2),
                                    new Existing(rs.getLong(1), rs.getString(3), "ACTIVE".equals(rs.getString(4))));
                        }
                    });
        }
        List<Object[]> inserts = new ArrayList<>();
        List<Object[]> updates = new ArrayList<>();
        List<Long> changed = new ArrayList<>();
        int unchanged = 0;
        int deleted = 0;
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        for (FeedRow row : rows) {
            Existing before = existing.get(row.recordId());
            if (row.action() == FeedRow.Action.DELETE) {
                if (before != null && before.active()) {
                    template.update(
                            "update source_record set state = 'DELETED', last_run_id = ?, updated_at = ? where id = ?",
                            runId,
                            at,
                            before.id());
                    changed.add(before.id());
                    deleted++;
                } else {
                    unchanged++;
                }
                continue;
            }
            String hash = contentHash(row);
            if (before == null) {
                inserts.add(values(source, row, hash, runId, at, true));
            } else if (!before.active() || !before.hash().equals(hash)) {
                updates.add(values(source, row, hash, runId, at, false));
                changed.add(before.id());
            } else {
                unchanged++;
            }
        }
        // New records take their ids from blocks of a thousand, as children do: none is read back.
        for (int from = 0; from < inserts.size(); from += ID_BLOCK) {
            long first = jdbc.sql("select nextval('source_record_key_block')")
                    .query(Long.class)
                    .single();
            List<Object[]> part = inserts.subList(from, Math.min(inserts.size(), from + ID_BLOCK));
            for (int i = 0; i < part.size(); i++) {
                part.get(i)[0] = first + i;
                changed.add(first + i);
            }
            template.execute(
                    (ConnectionCallback<Integer>) c -> BulkInsert.into(c, "source_record", INSERT_COLUMNS, part));
        }
        if (!updates.isEmpty()) {
            template.batchUpdate(
                    "update source_record set state = 'ACTIVE', "
                            + DATA_COLUMN_NAMES.stream().map(c -> c + " = ?").collect(Collectors.joining(", "))
                            + ", content_hash = ?, last_run_id = ?, updated_at = ? where source_code = ? and record_id = ?",
                    updates);
        }
        return new BatchResult(inserts.size(), updates.size(), unchanged, deleted, changed);
    }

    private static final String DATA_COLUMNS = """
            nhs_number, upn, given_names, family_name, former_family_names, date_of_birth, gender, address_line_1,
            address_line_2, town, postcode, uprn, no_fixed_abode, date_of_death, parent_1_name, parent_1_relationship,
            parent_1_phone, parent_1_email, parent_2_name, parent_2_relationship, parent_2_phone, parent_2_email,
            service_type, service_org_code, service_name, practitioner_name, practitioner_phone, practitioner_email,
            service_start_date, lead_professional, caf_completed_date, consent_recorded""".replace("\n", " ");
    private static final List<String> DATA_COLUMN_NAMES =
            Arrays.stream(DATA_COLUMNS.split(",")).map(String::strip).toList();
    private static final int DATA_COLUMN_COUNT = DATA_COLUMN_NAMES.size();
    private static final List<String> INSERT_COLUMNS = Stream.of(
                    List.of("id", "source_code", "record_id", "state"),
                    DATA_COLUMN_NAMES,
                    List.of("content_hash", "first_run_id", "last_run_id", "updated_at"))
            .flatMap(List::stream)
            .toList();

    /** The ids one draw from {@code source_record_key_block} gives out (its increment). */
    private static final int ID_BLOCK = 1_000;

    private static Object[] values(
            SourceCode source, FeedRow row, String hash, long runId, OffsetDateTime at, boolean insert) {
        List<Object> v = new ArrayList<>(DATA_COLUMN_COUNT + 6);
        if (insert) {
            v.add(null); // the id, drawn from source_record_key_block when the batch is written
            v.add(source.value());
            v.add(row.recordId());
            v.add("ACTIVE");
        }
        v.addAll(data(row));
        v.add(hash);
        if (insert) {
            v.add(runId);
        }
        v.add(runId);
        v.add(at);
        if (!insert) {
            v.add(source.value());
            v.add(row.recordId());
        }
        return v.toArray();
    }

    /** The row's data in DATA_COLUMNS order; also what the content hash covers. */
    private static List<Object> data(FeedRow row) {
        List<Object> v = new ArrayList<>(DATA_COLUMN_COUNT);
        v.add(row.nhsNumber().map(NhsNumber::value).orElse(null));
        v.add(row.upn().map(Upn::value).orElse(null));
        v.add(row.givenNames());
        v.add(row.familyName());
        v.add(row.formerFamilyNames().isEmpty() ? null : String.join("|", row.formerFamilyNames()));
        v.add(sqlDate(row.dateOfBirth()));
        v.add(row.gender().map(Gender::name).orElse(null));
        var address = row.address();
        v.add(address.line1());
        v.add(address.line2());
        v.add(address.town());
        v.add(address.postcode().map(Postcode::value).orElse(null));
        v.add(address.uprn());
        v.add(row.noFixedAbode());
        v.add(sqlDate(row.dateOfDeath().orElse(null)));
        for (int i = 0; i < 2; i++) {
            var carer = i < row.carers().size() ? row.carers().get(i) : null;
            v.add(carer == null ? null : carer.name());
            v.add(carer == null ? null : carer.relationship());
            v.add(carer == null ? null : carer.phone());
            v.add(carer == null ? null : carer.email());
        }
        var service = row.service().orElse(null);
        v.add(service == null ? null : service.type().name());
        v.add(service == null ? null : service.organisationCode());
        v.add(service == null ? null : service.name());
        v.add(service == null ? null : service.practitionerName());
        v.add(service == null ? null : service.practitionerPhone());
        v.add(service == null ? null : service.practitionerEmail());
        v.add(service == null ? null : sqlDate(service.startDate().orElse(null)));
        v.add(service != null && service.leadProfessional());
        v.add(service == null ? null : sqlDate(service.cafCompletedDate().orElse(null)));
        v.add(row.consentRecorded());
        return v;
    }

    static String contentHash(FeedRow row) {
        StringBuilder canonical = new StringBuilder(512);
        for (Object value : data(row)) {
            canonical.append(Objects.toString(value, "\u0000")).append('\u001f');
        }
        return Sha256.hex(canonical.toString());
    }

    private static Date sqlDate(LocalDate date) {
        return date == null ? null : Date.valueOf(date);
    }

    private static LocalDate localDate(ResultSet rs, String column) throws SQLException {
        Date date = rs.getDate(column);
        return date == null ? null : date.toLocalDate();
    }

    private static SourceRecordView view(ResultSet rs, int rowNum) throws SQLException {
        List<FeedRow.Carer> carers = new ArrayList<>(2);
        for (String p : List.of("parent_1_", "parent_2_")) {
            if (rs.getString(p + "name") != null) {
                carers.add(new FeedRow.Carer(
                        rs.getString(p + "name"),
                        rs.getString(p + "relationship"),
                        rs.getString(p + "phone"),
                        rs.getString(p + "email")));
            }
        }
        String serviceType = rs.getString("service_type");
        Optional<FeedRow.Service> service = serviceType == null
                ? Optional.empty()
                : Optional.of(new FeedRow.Service(
                        ServiceType.valueOf(serviceType),
                        rs.getString("service_org_code"),
                        rs.getString("service_name"),
                        rs.getString("practitioner_name"),
                        rs.getString("practitioner_phone"),
                        rs.getString("practitioner_email"),
                        Optional.ofNullable(localDate(rs, "service_start_date")),
                        rs.getBoolean("lead_professional"),
                        Optional.ofNullable(localDate(rs, "caf_completed_date"))));
        String former = rs.getString("former_family_names");
        String gender = rs.getString("gender");
        String postcode = rs.getString("postcode");
        var row = new FeedRow(
                0,
                rs.getString("record_id"),
                "ACTIVE".equals(rs.getString("state")) ? FeedRow.Action.UPSERT : FeedRow.Action.DELETE,
                Optional.ofNullable(rs.getString("nhs_number")).map(NhsNumber::new),
                Optional.ofNullable(rs.getString("upn")).map(Upn::new),
                rs.getString("given_names"),
                rs.getString("family_name"),
                former == null ? List.of() : List.of(former.split("\\|")),
                localDate(rs, "date_of_birth"),
                Optional.ofNullable(gender).map(Gender::valueOf),
                new FeedRow.Address(
                        rs.getString("address_line_1"),
                        rs.getString("address_line_2"),
                        rs.getString("town"),
                        Optional.ofNullable(postcode).map(Postcode::new),
                        rs.getString("uprn")),
                rs.getBoolean("no_fixed_abode"),
                Optional.ofNullable(localDate(rs, "date_of_death")),
                List.copyOf(carers),
                service,
                rs.getBoolean("consent_recorded"),
                List.of());
        return new SourceRecordView(
                rs.getLong("id"),
                rs.getString("source_code"),
                rs.getString("record_id"),
                "ACTIVE".equals(rs.getString("state")),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant(),
                row);
    }

    static <T> List<List<T>> partition(List<T> list, int size) {
        List<List<T>> parts = new ArrayList<>();
        for (int i = 0; i < list.size(); i += size) {
            parts.add(list.subList(i, Math.min(list.size(), i + size)));
        }
        return parts;
    }
}
