package uk.contactpoint.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import uk.contactpoint.testing.TestDatabases;

/** COPY on PostgreSQL and a JDBC batch on H2 store exactly the same values, awkward ones included. */
class BulkInsertIT {

    private static final List<String> COLUMNS = List.of("id", "name", "born", "flag", "at", "weight");

    /** Quotes, separators, line breaks, an empty string (not null), non-Latin letters and nulls in every column. */
    private static List<Object[]> awkwardRows() {
        OffsetDateTime at = OffsetDateTime.of(2026, 12, 1, 22, 30, 15, 123_000_000, ZoneOffset.UTC);
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[] {1L, "O'Brien, \"Sean\"", java.sql.Date.valueOf(LocalDate.of(2015, 2, 28)), true, at, 12.5
        });
        rows.add(new Object[] {2L, "line one\nline two\r\nthree", null, false, null, -3.25});
        rows.add(new Object[] {3L, "", java.sql.Date.valueOf(LocalDate.of(2020, 1, 1)), null, at, null});
        rows.add(new Object[] {4L, null, null, null, null, null});
        rows.add(new Object[] {5L, "Zoë Nguyễn \\N ,,\"", null, true, at.plusDays(1), 0.0});
        for (long id = 6; id < 3_000; id++) {
            rows.add(new Object[] {id, "child " + id, null, id % 2 == 0, at, (double) id});
        }
        return rows;
    }

    @Test
    void postgresql_stores_every_value_exactly_as_given() throws SQLException {
        try (Connection c = postgres("cp_test_bulk_")) {
            storesExactly(c);
        }
    }

    @Test
    void h2_stores_every_value_exactly_as_given() throws SQLException {
        try (Connection c = DriverManager.getConnection(
                "jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "sa", "")) {
            storesExactly(c);
        }
    }

    @Test
    void a_bad_row_fails_the_whole_insert_and_a_rollback_leaves_nothing() throws SQLException {
        try (Connection c = postgres("cp_test_bulk_bad_")) {
            create(c);
            c.setAutoCommit(false);
            List<Object[]> rows = awkwardRows();
            rows.add(new Object[] {1L, "a second row with id 1", null, null, null, null});
            assertThatThrownBy(() -> BulkInsert.into(c, "sample", COLUMNS, rows))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("sample_pkey");
            c.rollback();
            assertThat(count(c)).isZero();
        }
    }

    @Test
    void a_row_with_the_wrong_number_of_values_is_refused_before_anything_is_written() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:" + UUID.randomUUID(), "sa", "")) {
            create(c);
            List<Object[]> rows = List.of(new Object[] {1L, "x", null, null, null, null}, new Object[] {2L, "y"});
            assertThatThrownBy(() -> BulkInsert.into(c, "sample", COLUMNS, rows))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("a row for sample has 2 values for 6 columns");
            assertThat(count(c)).isZero();
        }
    }

    private static void storesExactly(Connection c) throws SQLException {
        create(c);
        List<Object[]> rows = awkwardRows();
        assertThat(BulkInsert.into(c, "sample", COLUMNS, rows)).isEqualTo(rows.size());
        List<Object[]> stored = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select " + String.join(", ", COLUMNS) + " from sample order by id")) {
            while (rs.next()) {
                stored.add(new Object[] {
                    rs.getLong(1),
                    rs.getString(2),
                    rs.getDate(3),
                    rs.getObject(4, Boolean.class),
                    rs.getObject(5, OffsetDateTime.class),
                    rs.getObject(6, Double.class)
                });
            }
        }
        assertThat(stored).hasSameSizeAs(rows);
        for (int i = 0; i < rows.size(); i++) {
            Object[] expected = rows.get(i);
            Object[] actual = stored.get(i);
            assertThat(actual[4] == null ? null : ((OffsetDateTime) actual[4]).toInstant())
                    .as("row %d at", i)
                    .isEqualTo(expected[4] == null ? null : ((OffsetDateTime) expected[4]).toInstant());
            actual[4] = expected[4];
            assertThat(actual).as("row %d", i).containsExactly(expected);
        }
    }

    /** A fresh database on the real server. */
    private static Connection postgres(String prefix) throws SQLException {
        TestDatabases.requirePostgres();
        String url = TestDatabases.createPostgresDatabase(
                prefix + ProcessHandle.current().pid());
        return DriverManager.getConnection(url + "?user=postgres");
    }

    private static void create(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("create table sample (id bigint primary key, name varchar(100), born date, flag boolean,"
                    + " at timestamp with time zone, weight double precision)");
        }
    }

    private static long count(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from sample")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
