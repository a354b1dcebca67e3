package uk.contactpoint.directory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import uk.contactpoint.kernel.IdList;

/**
 * What a derived copy of the directory (each node's search index) reads: the change log in sequence order, and the
 * current state of the children it names, or of every child for a rebuild. Read-only; the copy decides what to keep.
 */
@Service
public class ChildIndexSource {

    /** One entry of the change log. */
    public record Change(long seq, long childId) {}

    /**
     * A child as it stands now. {@code id} is the directory's internal key (what the change log names); {@code
     * childId} the ContactPoint ID. Absent values are null; former names are empty when there are none.
     */
    public record Child(
            long id,
            String childId,
            String state,
            String givenNames,
            String familyName,
            List<String> formerFamilyNames,
            LocalDate dateOfBirth,
            String gender,
            String nhsNumber,
            String upn,
            String addressLine1,
            String addressLine2,
            String town,
            String postcode,
            boolean shielded) {

        public Child {
            formerFamilyNames = List.copyOf(formerFamilyNames);
        }

        /** Active, or kept though no source knows it any more; merged, closed and archived children are not. */
        public boolean live() {
            return "ACTIVE".equals(state) || "UNKNOWN_TO_SOURCES".equals(state);
        }
    }

    private static final String COLUMNS = """
            c.id, c.child_id, c.state, c.given_names, c.family_name, c.date_of_birth, c.gender, c.nhs_number, c.upn,
            c.address_line_1, c.address_line_2, c.town, c.postcode, c.shielded""";

    private final JdbcClient jdbc;
    private final JdbcTemplate streaming;
    private final TransactionTemplate transactions;

    ChildIndexSource(JdbcClient jdbc, DataSource dataSource, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.streaming = new JdbcTemplate(dataSource);
        this.streaming.setFetchSize(5_000);
        this.transactions = transactions;
    }

    /** The highest sequence number in the change log, 0 when it is empty. */
    public long lastSeq() {
        return jdbc.sql("select coalesce(max(seq), 0) from change_log")
                .query(Long.class)
                .single();
    }

    /**
     * Changes after {@code seq}, and those of the listed earlier sequence numbers that have appeared since (an
     * identity can commit out of order under concurrent writers, so a follower re-asks for the gaps it saw), in
     * sequence order, at most {@code limit}.
     */
    public List<Change> changesAfter(long seq, Collection<Long> gaps, int limit) {
        String sql = gaps.isEmpty()
                ? "select seq, child_id from change_log where seq > :seq order by seq"
                : "select seq, child_id from change_log where seq > :seq or seq in (:gaps) order by seq";
        var spec = jdbc.sql(sql + " fetch first " + limit + " rows only").param("seq", seq);
        if (!gaps.isEmpty()) {
            spec = spec.param("gaps", gaps);
        }
        return spec.query((rs, n) -> new Change(rs.getLong(1), rs.getLong(2))).list();
    }

    /** The sequence numbers present in (from, to], for a rebuild to learn which gaps lie behind its position. */
    public List<Long> seqsBetween(long from, long to) {
        return jdbc.sql("select seq from change_log where seq > :from and seq <= :to order by seq")
                .param("from", from)
                .param("to", to)
                .query(Long.class)
                .list();
    }

    /** The children with these internal ids as they stand now; an id that names no child is left out. */
    public List<Child> children(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<Long, List<String>> former = new HashMap<>();
        List<Child> found = new ArrayList<>(ids.size());
        for (String part : IdList.parts(ids)) {
            jdbc.sql("select child_id, family_name from child_former_name where child_id in (" + part + ") order by id")
                    .query(rs -> {
                        former.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                                .add(rs.getString(2));
                    });
            found.addAll(jdbc.sql("select " + COLUMNS + " from child c where c.id in (" + part + ")")
                    .query((rs, n) -> child(rs, former.getOrDefault(rs.getLong(1), List.of())))
                    .list());
        }
        return found;
    }

    /** How many children there are, live or not: the denominator of a rebuild's progress. */
    public long count() {
        return jdbc.sql("select count(*) from child").query(Long.class).single();
    }

    /**
     * Streams every child in id order, in one read-only transaction (so that PostgreSQL uses a cursor and memory stays
     * flat), with its former names.
     */
    public void forEach(Consumer<Child> consumer) {
        transactions.executeWithoutResult(tx -> {
            Child[] pending = {null};
            List<String> former = new ArrayList<>();
            streaming.query(
                    "select " + COLUMNS + ", f.family_name from child c"
                            + " left join child_former_name f on f.child_id = c.id order by c.id, f.id",
                    rs -> {
                        long id = rs.getLong(1);
                        if (pending[0] != null && pending[0].id() != id) {
                            consumer.accept(withFormer(pending[0], former));
                            former.clear();
                            pending[0] = null;
                        }
                        if (pending[0] == null) {
                            pending[0] = child(rs, List.of());
                        }
                        String name = rs.getString(15);
                        if (name != null) {
                            former.add(name);
                        }
                    });
            if (pending[0] != null) {
                consumer.accept(withFormer(pending[0], former));
            }
        });
    }

    private static Child withFormer(Child c, List<String> former) {
        return former.isEmpty()
                ? c
                : new Child(
                        c.id(),
                        c.childId(),
                        c.state(),
                        c.givenNames(),
                        c.familyName(),
                        former,
                        c.dateOfBirth(),
                        c.gender(),
                        c.nhsNumber(),
                        c.upn(),
                        c.addressLine1(),
                        c.addressLine2(),
                        c.town(),
                        c.postcode(),
                        c.shielded());
    }

    private static Child child(ResultSet rs, List<String> former) throws SQLException {
        return new Child(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                former,
                rs.getObject(6, LocalDate.class),
                rs.getString(7),
                rs.getString(8),
                rs.getString(9),
                rs.getString(10),
                rs.getString(11),
                rs.getString(12),
                rs.getString(13),
                rs.getBoolean(14));
    }
}
