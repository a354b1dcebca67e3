package uk.contactpoint.directory;

import java.util.ArrayList;
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
        template.execute((ConnectionCallback<Integer>)
                c -> BulkInsert.into(c, "link_key", List.of("block_key", "source_record_id"), rows));
    }

    void remove(Collection<Long> records) {
        for (String part : IdList.parts(records)) {
            jdbc.sql("delete from link_key where source_record_id in (" + part + ")")
                    .update();
        }
    }

    /**
     * The live children (active, or an identity closed at adoption) with a MATCH record sharing a blocking key with any
     * of these records, whose own keys are written already: a first load's candidates. The records go into
     * {@code link_probe} for one join (PostgreSQL answers it with one pass over the keys; a query a thousand records
     * took a pass each), and out again before it returns. A candidate record reached through several keys is looked
     * up once, which matters on H2, which joins row by row.
     */
    Set<Long> childrenSharingKeys(Collection<Long> records) {
        template.execute((ConnectionCallback<Integer>) c -> BulkInsert.into(
                c,
                "link_probe",
                List.of("source_record_id"),
                records.stream().map(id -> new Object[] {id}).toList()));
        Set<Long> found = new TreeSet<>(jdbc.sql("""
                        select distinct l.child_id from (
                            select distinct k.source_record_id from link_probe b
                            join link_key p on p.source_record_id = b.source_record_id
                            join link_key k on k.block_key = p.block_key) r
                        join source_link l on l.source_record_id = r.source_record_id and l.match_result = 'MATCH'
                        join child c on c.id = l.child_id and c.state in ('ACTIVE', 'IDENTITY_CLOSED')""").query(Long.class).list());
        jdbc.sql("delete from link_probe").update();
        return found;
    }

    /**
     * The records sharing any of these keys that are linked as a MATCH to an active child, or to an identity closed at
     * adoption (never linked to automatically: a record resembling one waits for the team), each with its child: record
     * id to child id. Two simple index lookups rather than one join: the planner cannot misjudge them while the tables
     * grow faster than their statistics during a first load.
     */
    Map<Long, Long> candidates(Collection<Long> keys) {
        Set<Long> records = new TreeSet<>();
        for (String part : IdList.parts(keys)) {
            records.addAll(jdbc.sql("select source_record_id from link_key where block_key in (" + part + ")")
                    .query(Long.class)
                    .list());
        }
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
