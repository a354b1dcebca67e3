package uk.contactpoint.directory;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import uk.contactpoint.kernel.BulkInsert;
import uk.contactpoint.kernel.ChildId;
import uk.contactpoint.kernel.IdList;
import uk.contactpoint.kernel.LongSet;
import uk.contactpoint.kernel.Postcode;

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
        return whichOf(ids, "shielded or state = 'IDENTITY_CLOSED'");
    }

    /**
     * Of these children, those still active or closed at adoption (those a record may join or be held against), and
     * among them those never linked to automatically ({@link #neverLinkedAutomatically}), in one read. A first load
     * maps its candidates to children from links read when it starts (ADR 38), so a child the team merged or archived
     * since then is left out here.
     */
    Live live(Collection<Long> ids) {
        Set<Long> live = new TreeSet<>();
        Set<Long> held = new HashSet<>();
        for (String part : IdList.parts(ids)) {
            jdbc.sql("select id, shielded or state = 'IDENTITY_CLOSED' from child"
                            + " where state in ('ACTIVE', 'IDENTITY_CLOSED') and id in (" + part + ")")
                    .query((RowCallbackHandler) rs -> {
                        live.add(rs.getLong(1));
                        if (rs.getBoolean(2)) {
                            held.add(rs.getLong(1));
                        }
                    });
        }
        return new Live(live, held);
    }

    /** Live children, in id order, and those of them never linked to automatically. */
    record Live(Set<Long> children, Set<Long> neverLinkedAutomatically) {}

    /** Which of these children are archived: their records stay with them, whatever a feed sends (ADR 30). */
    Set<Long> archived(Collection<Long> ids) {
        return whichOf(ids, "state = 'ARCHIVED'");
    }

    /** The ids among these of the children meeting the condition (a fixed SQL condition on the child table). */
    private Set<Long> whichOf(Collection<Long> ids, String condition) {
        Set<Long> found = new HashSet<>();
        for (String part : IdList.parts(ids)) {
            found.addAll(jdbc.sql("select id from child where (" + condition + ") and id in (" + part + ")")
                    .query(Long.class)
                    .list());
        }
        return found;
    }

    /** Inserts a new child with a fresh ContactPoint ID. */
    long create(AssembledChild child) {
        return createAll(List.of(child), this::takenIds).getFirst();
    }

    /** Which of these ContactPoint IDs a child has already. */
    interface TakenIds {
        Set<String> of(Collection<String> drawn);
    }

    /** Asks the database which IDs are taken: for a few new children at a time. */
    Set<String> takenIds(Collection<String> drawn) {
        return new HashSet<>(jdbc.sql("select child_id from child where child_id in (:ids)")
                .param("ids", List.copyOf(drawn))
                .query(String.class)
                .list());
    }

    /**
     * Every ContactPoint ID in use, held in memory (eight bytes each): for a first load that creates a million
     * children in one transaction, where asking the database for each batch would meet a plan made while the table
     * was smaller. IDs drawn here are added as they are given out.
     */
    TakenIds everyTakenId() {
        LongSet taken = new LongSet();
        jdbc.sql("select child_id from child").query((RowCallbackHandler) rs -> taken.add(bits(rs.getString(1))));
        return drawn -> {
            Set<String> clash = new HashSet<>();
            for (String id : drawn) {
                if (!taken.add(bits(id))) {
                    clash.add(id);
                }
            }
            return clash;
        };
    }

    /** The 40 bits of an ID's eight random characters. */
    private static long bits(String childId) {
        long bits = 0;
        for (int i = 2; i < 10; i++) {
            bits = bits << 5 | Character.digit(childId.charAt(i), 36);
        }
        return bits;
    }

    /**
     * Inserts new children in one batch, each with a fresh ContactPoint ID, and returns their ids in the same order.
     * IDs are drawn at random from 32^8: a million new children beside eleven million meet about ten clashes, so every
     * draw is checked first (a failed insert would end a PostgreSQL transaction). Row ids come from blocks of the
     * {@code child_key_block} sequence, so no generated key is read back.
     */
    List<Long> createAll(List<AssembledChild> created, TakenIds taken) {
        List<Long> ids = new ArrayList<>(created.size());
        for (int from = 0; from < created.size(); from += 1_000) {
            List<AssembledChild> part = created.subList(from, Math.min(created.size(), from + 1_000));
            long first = jdbc.sql("select nextval('child_key_block')")
                    .query(Long.class)
                    .single();
            List<String> childIds = freshIds(part.size(), taken);
            Map<String, String> authorities = authoritiesOf(part);
            OffsetDateTime at = now();
            List<Object[]> rows = new ArrayList<>(part.size());
            List<Long> partIds = new ArrayList<>(part.size());
            for (int i = 0; i < part.size(); i++) {
                List<Object> row = new ArrayList<>(List.of(first + i, childIds.get(i), "ACTIVE", at));
                row.addAll(assembled(part.get(i), authorities, at));
                rows.add(row.toArray());
                partIds.add(first + i);
            }
            insert("child", NEW_CHILD, rows);
            ids.addAll(partIds);
            writeParts(partIds, part, true);
        }
        return ids;
    }

    /** The child's columns that come from its records, in the order of {@link #assembled}. */
    private static final List<String> ASSEMBLED = List.of(
            "given_names",
            "family_name",
            "date_of_birth",
            "gender",
            "nhs_number",
            "upn",
            "match_key",
            "address_status",
            "address_line_1",
            "address_line_2",
            "town",
            "postcode",
            "uprn",
            "local_authority_code",
            "date_of_death",
            "updated_at");

    /** The assembled columns a rebuild compares with what the row holds: all but {@code updated_at}, the last. */
    private static final List<String> COMPARED = ASSEMBLED.subList(0, ASSEMBLED.size() - 1);

    private static final List<String> NEW_CHILD = Stream.concat(
                    Stream.of("id", "child_id", "state", "created_at"), ASSEMBLED.stream())
            .toList();

    /** ContactPoint IDs that no child has, nor any other in this batch. */
    private List<String> freshIds(int count, TakenIds taken) {
        Set<String> drawn = new LinkedHashSet<>();
        for (int attempt = 0; drawn.size() < count; attempt++) {
            if (attempt > 5) {
                throw new IllegalStateException("cannot draw free ContactPoint IDs after " + attempt + " tries");
            }
            Set<String> more = new LinkedHashSet<>();
            while (drawn.size() + more.size() < count) {
                String id = ChildId.random(random).value();
                if (!drawn.contains(id)) {
                    more.add(id);
                }
            }
            more.removeAll(taken.of(more));
            drawn.addAll(more);
        }
        return List.copyOf(drawn);
    }

    /**
     * Rewrites each child from its records, writing only what changed (ADR 36): a child row whose assembled values are
     * the same is left alone, and of its former names, carers and involvements only a list that changed is written.
     * A merged, closed or archived child keeps its state.
     */
    void updateAll(Map<Long, AssembledChild> rebuilt) {
        if (rebuilt.isEmpty()) {
            return;
        }
        List<Long> ids = new ArrayList<>(rebuilt.keySet());
        Map<Long, List<Object>> stored = storedRows(ids);
        Map<String, String> authorities = authoritiesOf(rebuilt.values());
        OffsetDateTime at = now();
        // Each row: the assembled values, then the id (the UPDATE's last parameter, and COPY's last column).
        List<Object[]> rows = new ArrayList<>();
        for (long id : ids) {
            List<Object> row = new ArrayList<>(assembled(rebuilt.get(id), authorities, at));
            if (!row.subList(0, COMPARED.size()).equals(stored.get(id))) {
                row.add(id);
                rows.add(row.toArray());
            }
        }
        if (!rows.isEmpty()) {
            update(rows);
        }
        writeParts(ids, ids.stream().map(rebuilt::get).toList(), false);
    }

    /**
     * What each child row holds now, as {@link #assembled} would give it without its time; a child no source knew any
     * more has none, so that a rebuild that finds records for it again writes it back to ACTIVE.
     */
    private Map<Long, List<Object>> storedRows(List<Long> ids) {
        Map<Long, List<Object>> stored = new HashMap<>();
        for (String part : IdList.parts(ids)) {
            jdbc.sql("select id, state, " + String.join(", ", COMPARED) + " from child where id in (" + part + ")")
                    .query((RowCallbackHandler) rs -> {
                        if (!"UNKNOWN_TO_SOURCES".equals(rs.getString(2))) {
                            stored.put(rs.getLong(1), values(rs, 3, COMPARED.size()));
                        }
                    });
        }
        return stored;
    }

    private void update(List<Object[]> rows) {
        String state = "state = case when c.state in ('ACTIVE', 'UNKNOWN_TO_SOURCES') then 'ACTIVE' else c.state end";
        if (!Boolean.TRUE.equals(template.execute((ConnectionCallback<Boolean>) BulkInsert::copies))) {
            template.batchUpdate(
                    "update child c set " + state + ", "
                            + ASSEMBLED.stream().map(n -> n + " = ?").collect(Collectors.joining(", "))
                            + ", version = c.version + 1 where c.id = ?",
                    rows);
            return;
        }
        // PostgreSQL: the new values by COPY into a table of this session, then one UPDATE for them all (a batch of
        // one UPDATE a child cost about 90 µs a child; ADR 35).
        template.execute((ConnectionCallback<Integer>) c -> {
            try (Statement s = c.createStatement()) {
                s.execute("create temporary table if not exists child_rebuild on commit delete rows as select "
                        + String.join(", ", ASSEMBLED) + ", id from child with no data");
                s.execute("truncate child_rebuild");
            }
            BulkInsert.into(
                    c,
                    "child_rebuild",
                    Stream.concat(ASSEMBLED.stream(), Stream.of("id")).toList(),
                    rows);
            try (Statement s = c.createStatement()) {
                return s.executeUpdate("update child c set " + state + ", "
                        + ASSEMBLED.stream().map(n -> n + " = v." + n).collect(Collectors.joining(", "))
                        + ", version = c.version + 1 from child_rebuild v where c.id = v.id");
            }
        });
    }

    /** Columns from..from+count of the row, with dates as the JDBC dates {@link #assembled} writes. */
    private static List<Object> values(ResultSet rs, int from, int count) throws SQLException {
        List<Object> values = new ArrayList<>(count);
        for (int i = from; i < from + count; i++) {
            Object value = rs.getObject(i);
            values.add(value instanceof LocalDate d ? Date.valueOf(d) : value);
        }
        return values;
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

    /**
     * The local authority of each postcode district these children live in (ADR 22), read once for the batch: as a
     * subquery in each row's statement it cost a lookup a row, and PostgreSQL's driver cannot fold a statement with a
     * subquery into a multi-row insert.
     */
    private Map<String, String> authoritiesOf(Collection<AssembledChild> built) {
        Set<String> districts = new HashSet<>();
        built.forEach(c -> district(c).ifPresent(districts::add));
        Map<String, String> found = new HashMap<>();
        if (!districts.isEmpty()) {
            jdbc.sql("select district, local_authority_code from postcode_district where district in (:districts)")
                    .param("districts", List.copyOf(districts))
                    .query((RowCallbackHandler) rs -> found.put(rs.getString(1), rs.getString(2)));
        }
        return found;
    }

    private static Optional<String> district(AssembledChild c) {
        return Optional.ofNullable(c.postcode()).map(p -> new Postcode(p).district());
    }

    /** The child's values for the {@link #ASSEMBLED} columns, in that order. */
    private static List<Object> assembled(AssembledChild c, Map<String, String> authorities, OffsetDateTime at) {
        return Arrays.asList(
                c.givenNames(),
                c.familyName(),
                date(c.dateOfBirth()),
                c.gender(),
                c.nhsNumber(),
                c.upn(),
                c.matchKey(),
                c.addressStatus(),
                c.addressLine1(),
                c.addressLine2(),
                c.town(),
                c.postcode(),
                c.uprn(),
                district(c).map(authorities::get).orElse(null),
                date(c.dateOfDeath()),
                at);
    }

    /**
     * A table of a child's parts: its columns after {@code child_id}, and a child's rows in the order they are shown
     * (by id).
     */
    private record Part(String table, List<String> columns, Function<AssembledChild, List<List<Object>>> rows) {}

    private static final List<Part> PARTS = List.of(
            new Part(
                    "child_former_name",
                    List.of("family_name"),
                    c -> c.formerFamilyNames().stream().map(List::<Object>of).toList()),
            new Part(
                    "carer",
                    List.of("name", "relationship", "phone", "email", "source_record_id"),
                    c -> c.carers().stream()
                            .map(k -> Arrays.<Object>asList(
                                    k.name(), k.relationship(), k.phone(), k.email(), k.sourceRecordId()))
                            .toList()),
            new Part(
                    "involvement",
                    List.of(
                            "service_type",
                            "organisation_code",
                            "service_name",
                            "practitioner_name",
                            "practitioner_phone",
                            "practitioner_email",
                            "started_on",
                            "lead_professional",
                            "caf_completed_on",
                            "sensitive",
                            "consent_recorded",
                            "source_record_id"),
                    c -> c.involvements().stream()
                            .map(i -> Arrays.<Object>asList(
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
                                    i.sourceRecordId()))
                            .toList()));

    /**
     * Writes the parts of several children (ids and children in the same order), one batch per table. Children just
     * created have none yet. Of an existing child's, a list that is the same is left alone and one that only grew at
     * its end gets the new rows; any other is deleted and written again, so the rows stay in the order shown.
     */
    private void writeParts(List<Long> ids, List<AssembledChild> built, boolean created) {
        for (Part part : PARTS) {
            Map<Long, List<List<Object>>> stored = created ? Map.of() : storedParts(part, ids);
            List<Long> rewritten = new ArrayList<>();
            List<Object[]> rows = new ArrayList<>();
            for (int k = 0; k < ids.size(); k++) {
                long id = ids.get(k);
                List<List<Object>> now = part.rows().apply(built.get(k));
                List<List<Object>> before = stored.getOrDefault(id, List.of());
                int kept = before.size();
                if (before.size() > now.size() || !now.subList(0, before.size()).equals(before)) {
                    rewritten.add(id);
                    kept = 0;
                }
                for (List<Object> row : now.subList(kept, now.size())) {
                    List<Object> withChild = new ArrayList<>(row.size() + 1);
                    withChild.add(id);
                    withChild.addAll(row);
                    rows.add(withChild.toArray());
                }
            }
            for (String list : IdList.parts(rewritten)) {
                jdbc.sql("delete from " + part.table() + " where child_id in (" + list + ")")
                        .update();
            }
            insert(
                    part.table(),
                    Stream.concat(Stream.of("child_id"), part.columns().stream())
                            .toList(),
                    rows);
        }
    }

    /** Each child's rows of the part's table, in id order. */
    private Map<Long, List<List<Object>>> storedParts(Part part, List<Long> ids) {
        Map<Long, List<List<Object>>> stored = new HashMap<>();
        for (String list : IdList.parts(ids)) {
            jdbc.sql("select child_id, " + String.join(", ", part.columns()) + " from " + part.table()
                            + " where child_id in (" + list + ") order by child_id, id")
                    .query((RowCallbackHandler) rs -> stored.computeIfAbsent(rs.getLong(1), c -> new ArrayList<>())
                            .add(values(rs, 2, part.columns().size())));
        }
        return stored;
    }

    private void insert(String table, List<String> columns, List<Object[]> rows) {
        template.execute((ConnectionCallback<Integer>) c -> BulkInsert.into(c, table, columns, rows));
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
