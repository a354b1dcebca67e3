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
    private static final int ENTRY_HASH = 14;

    @Override
    public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
        if (newRow == null) {
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
}
