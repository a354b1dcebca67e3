package uk.contactpoint.kernel;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.temporal.TemporalAccessor;
import java.util.Collections;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Inserts many rows into one table on the caller's connection, in its transaction: on PostgreSQL with {@code COPY}
 * (docs/adr/0035-bulk-writes-with-copy.md), which parses and checks a row for a fraction of what an INSERT costs; on
 * any other database as one JDBC batch. Values are strings, numbers, booleans, {@link java.sql.Date}s and
 * {@link java.time} values, or null.
 */
public final class BulkInsert {

    private static final int CHUNK = 1 << 20;

    private BulkInsert() {}

    /** Inserts the rows (each holding a value per column, in order); returns how many. */
    public static int into(Connection connection, String table, List<String> columns, List<Object[]> rows)
            throws SQLException {
        if (rows.isEmpty()) {
            return 0;
        }
        for (Object[] row : rows) {
            if (row.length != columns.size()) {
                throw new IllegalArgumentException(
                        "a row for " + table + " has " + row.length + " values for " + columns.size() + " columns");
            }
        }
        if (copies(connection)) {
            copy(connection.unwrap(PGConnection.class), table, columns, rows);
        } else {
            batch(connection, table, columns, rows);
        }
        return rows.size();
    }

    /** Whether inserts on this connection go by COPY (PostgreSQL). */
    public static boolean copies(Connection connection) throws SQLException {
        return connection.isWrapperFor(PGConnection.class);
    }

    private static void copy(PGConnection connection, String table, List<String> columns, List<Object[]> rows)
            throws SQLException {
        CopyIn copy = connection
                .getCopyAPI()
                .copyIn("copy " + table + " (" + String.join(", ", columns) + ") from stdin (format csv)");
        try {
            StringBuilder text = new StringBuilder(CHUNK + 4096);
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    if (i > 0) {
                        text.append(',');
                    }
                    csv(text, row[i]);
                }
                text.append('\n');
                if (text.length() >= CHUNK) {
                    write(copy, text);
                }
            }
            write(copy, text);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    private static void write(CopyIn copy, StringBuilder text) throws SQLException {
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        text.setLength(0);
    }

    /** One value in COPY's CSV: nothing for null, a quoted string otherwise (so an empty string stays one). */
    static void csv(StringBuilder text, Object value) {
        switch (value) {
            case null -> {}
            case Number n -> text.append(n);
            case Boolean b -> text.append(b);
            case java.sql.Date d -> text.append(d.toLocalDate());
            case TemporalAccessor t -> text.append(t);
            case Enum<?> e -> text.append(e.name());
            case String s -> {
                text.append('"');
                for (int i = 0; i < s.length(); i++) {
                    char c = s.charAt(i);
                    if (c == '"') {
                        text.append('"');
                    }
                    text.append(c);
                }
                text.append('"');
            }
            default ->
                throw new IllegalArgumentException(
                        "cannot write a " + value.getClass().getName() + " in a bulk insert");
        }
    }

    private static void batch(Connection connection, String table, List<String> columns, List<Object[]> rows)
            throws SQLException {
        String sql = "insert into " + table + " (" + String.join(", ", columns) + ") values ("
                + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            int pending = 0;
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    insert.setObject(i + 1, row[i]);
                }
                insert.addBatch();
                if (++pending == 1_000) {
                    insert.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                insert.executeBatch();
            }
        }
    }
}
