package uk.contactpoint.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import org.h2.api.Trigger;

/**
 * H2's append-only rule for audit_event, the same as the PostgreSQL trigger: no delete, and an update only to fill in
 * the chain fields of a row that has none yet. Columns in table order: 0-12 the event, 13 previous_hash, 14
 * entry_hash, 15 chain_pos.
 */
public final class AppendOnlyTrigger implements Trigger {

    private static final int FIRST_CHAIN_COLUMN = 13;
    private static final int SUBJECT_CHILD = 9;
    private static final int ENTRY_HASH = 14;
    private static final int CHAIN_POS = 15;

    @Override
    public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
        if (newRow == null) {
            if (retentionMayRemove(connection, oldRow)) {
                return;
            }
            throw new SQLException("audit_event is append-only: DELETE refused");
        }
        if (oldRow[ENTRY_HASH] != null || newRow[ENTRY_HASH] == null) {
            throw new SQLException("audit_event is append-only: UPDATE refused");
        }
        for (int i = 0; i < FIRST_CHAIN_COLUMN; i++) {
            if (!Objects.equals(oldRow[i], newRow[i])) {
                throw new SQLException("audit_event is append-only: UPDATE refused");
            }
        }
    }

    /**
     * Retention's one way to remove an entry: chained, about a child purged more than 6 years ago, with its tombstone
     * (same position and hash) already written. The same rule as the PostgreSQL trigger.
     */
    private static boolean retentionMayRemove(Connection connection, Object[] row) throws SQLException {
        if (row[CHAIN_POS] == null || row[SUBJECT_CHILD] == null) {
            return false;
        }
        try (var statement = connection.prepareStatement("""
                select count(*) from audit_tombstone t join audit_purged_child p on p.child_id = t.subject_child_id
                where t.chain_pos = ? and t.entry_hash = ? and t.subject_child_id = ?
                  and p.purged_at < dateadd('YEAR', -6, current_timestamp)""")) {
            statement.setObject(1, row[CHAIN_POS]);
            statement.setObject(2, row[ENTRY_HASH]);
            statement.setObject(3, row[SUBJECT_CHILD]);
            try (var result = statement.executeQuery()) {
                return result.next() && result.getLong(1) > 0;
            }
        }
    }

    /** For the retention tables: nothing may change or remove a row. */
    public static final class Always implements Trigger {
        @Override
        public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
            throw new SQLException("append-only table: " + (newRow == null ? "DELETE" : "UPDATE") + " refused");
        }
    }
}
