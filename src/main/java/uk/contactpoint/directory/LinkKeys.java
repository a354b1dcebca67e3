package uk.contactpoint.directory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import uk.contactpoint.kernel.BulkInsert;
import uk.contactpoint.kernel.IdList;
import uk.contactpoint.kernel.LongLongMap;

/**
 * The blocking keys of the records linked to children: how a new record finds its candidates in the transaction that
 * links it (a search index follows commits, so it would miss a record linked a moment earlier in the same load).
 */
@Repository
class LinkKeys {

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    LinkKeys(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    void add(Map<Long, long[]> keysByRecord) {
        List<Object[]> rows = new ArrayList<>();
        keysByRecord.forEach((record, keys) -> {
            for (long key : keys) {
                rows.add(new Object[] {key, record});
            }
        });
        insert(rows);
    }

    void remove(Collection<Long> records) {
        for (String part : IdList.parts(records)) {
            jdbc.sql("delete from link_key where source_record_id in (" + part + ")")
                    .update();
        }
    }

    /**
     * Every blocking key of the directory in memory, for a first load (ADR 37). Read in one pass, a fetch at a time
     * (PostgreSQL streams inside a transaction), into arrays sized by a count first: no list of boxed rows.
     */
    BlockIndex index() {
        int count =
                jdbc.sql("select count(*) from link_key").query(Integer.class).single();
        long[][] pairs = {new long[count], new long[count]};
        int[] at = {0};
        template.query(
                c -> {
                    var statement = c.prepareStatement("select block_key, source_record_id from link_key");
                    statement.setFetchSize(50_000);
                    return statement;
                },
                rs -> {
                    // A practitioner's involvement may be linked while a load runs (outside the load's lock): rows
                    // committed after the count still go in, and none is dropped.
                    if (at[0] == pairs[0].length) {
                        int grown = Math.max(16, pairs[0].length + pairs[0].length / 8);
                        pairs[0] = Arrays.copyOf(pairs[0], grown);
                        pairs[1] = Arrays.copyOf(pairs[1], grown);
                    }
                    pairs[0][at[0]] = rs.getLong(1);
                    pairs[1][at[0]++] = rs.getLong(2);
                });
        return new BlockIndex(
                at[0] == pairs[0].length ? pairs[0] : Arrays.copyOf(pairs[0], at[0]),
                at[0] == pairs[1].length ? pairs[1] : Arrays.copyOf(pairs[1], at[0]));
    }

    /**
     * Writes the keys a first load added to its index, in key order and a bounded batch at a time: once, at the end,
     * instead of chunk by chunk at random places all over the key index (ADR 38). The load's chunks find each other
     * in the index meanwhile, and nothing else in the load's transaction reads these rows.
     */
    void addAll(BlockIndex index) {
        List<Object[]> rows = new ArrayList<>(WRITE_BATCH);
        index.forEachAdded((key, record) -> {
            rows.add(new Object[] {key, record});
            if (rows.size() == WRITE_BATCH) {
                insert(rows);
                rows.clear();
            }
        });
        insert(rows);
    }

    private static final int WRITE_BATCH = 50_000;

    private void insert(List<Object[]> rows) {
        if (!rows.isEmpty()) {
            template.execute((ConnectionCallback<Integer>)
                    c -> BulkInsert.into(c, "link_key", List.of("block_key", "source_record_id"), rows));
        }
    }

    /**
     * The records holding any of these keys. Which of them are linked, and to which child, is asked only for the few
     * that can change a decision ({@link #matchedChildren}): two simple index lookups rather than one join, which the
     * planner cannot misjudge while the tables grow faster than their statistics during a load.
     */
    Set<Long> sharing(Collection<Long> keys) {
        Set<Long> records = new TreeSet<>();
        for (String part : IdList.parts(keys)) {
            records.addAll(jdbc.sql("select source_record_id from link_key where block_key in (" + part + ")")
                    .query(Long.class)
                    .list());
        }
        return records;
    }

    /**
     * Every record linked as a MATCH to an active child or an identity closed at adoption, with its child, read in one
     * pass for a first load (ADR 38): a chunk maps its candidate records to children in memory instead of looking up
     * a hundred thousand links or more a chunk.
     */
    LongLongMap matchedChildrenOfAll() {
        LongLongMap found = new LongLongMap();
        template.query(
                c -> {
                    var statement = c.prepareStatement("""
                            select l.source_record_id, l.child_id from source_link l join child c on c.id = l.child_id
                            where l.match_result = 'MATCH' and c.state in ('ACTIVE', 'IDENTITY_CLOSED')""");
                    statement.setFetchSize(50_000);
                    return statement;
                },
                rs -> {
                    found.put(rs.getLong(1), rs.getLong(2));
                });
        return found;
    }

    /**
     * Of these records, those linked as a MATCH to an active child or to an identity closed at adoption, each with its
     * child: record id to child id.
     */
    Map<Long, Long> matchedChildren(Collection<Long> records) {
        Map<Long, Long> found = new TreeMap<>();
        for (String part : IdList.parts(records)) {
            jdbc.sql("""
                    select l.source_record_id, l.child_id from source_link l join child c on c.id = l.child_id
                    where l.source_record_id in (%s) and l.match_result = 'MATCH'
                      and c.state in ('ACTIVE', 'IDENTITY_CLOSED')""".formatted(part))
                    .query((rs, n) -> found.put(rs.getLong(1), rs.getLong(2)))
                    .list();
        }
        return found;
    }
}
