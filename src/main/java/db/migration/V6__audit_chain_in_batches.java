package db.migration;

import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * audit: appends no longer wait for the chain. An event is inserted with a number from a sequence and no hash; the
 * chainer links committed events into the chain in batches, in the order it finds them (chain_pos). A Java migration
 * because the sequence must start after any events already written, which portable SQL cannot express.
 * See docs/adr/0013-audit-chain-and-checkpoints.md.
 */
public class V6__audit_chain_in_batches extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        try (Statement sql = context.getConnection().createStatement()) {
            long next;
            try (ResultSet rs = sql.executeQuery("select coalesce(max(seq), 0) + 1 from audit_event")) {
                rs.next();
                next = rs.getLong(1);
            }
            sql.execute("create sequence audit_event_seq start with " + next);
            sql.execute("alter table audit_event add column chain_pos bigint");
            sql.execute("alter table audit_event alter column previous_hash drop not null");
            sql.execute("alter table audit_event alter column entry_hash drop not null");
            // Events written before this migration were chained by the earlier scheme: they are re-chained, in
            // sequence order, by the first run of the chainer (before any checkpoint is signed).
            sql.execute("update audit_event set previous_hash = null, entry_hash = null");
            sql.execute("create unique index audit_event_chain_pos on audit_event (chain_pos)");
            sql.execute("create index audit_event_unchained on audit_event (entry_hash, seq)");
            sql.execute("""
                    create table audit_chain_head (
                        id        integer primary key,
                        last_pos  bigint not null,
                        last_hash varchar(64) not null
                    )""");
            sql.execute(
                    "insert into audit_chain_head (id, last_pos, last_hash) values (1, 0, '" + "0".repeat(64) + "')");
            sql.execute("""
                    create table audit_checkpoint (
                        chain_pos  bigint primary key,
                        entry_hash varchar(64) not null,
                        signed_at  timestamp with time zone not null,
                        public_key varchar(200) not null,
                        signature  varchar(200) not null
                    )""");
        }
    }
}
