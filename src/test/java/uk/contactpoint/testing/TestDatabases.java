package uk.contactpoint.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The databases integration tests run on: a fresh in-memory H2 database, or a fresh database on the real PostgreSQL
 * server. In CI (-Dcontactpoint.requirePostgres=true) an unreachable PostgreSQL fails the run instead of skipping.
 */
public final class TestDatabases {

    public static final String POSTGRES_HOST =
            System.getenv().getOrDefault("CONTACTPOINT_TEST_PG", "jdbc:postgresql://127.0.0.1:5432/");
    private static final String ADMIN_URL = POSTGRES_HOST + "postgres?user=postgres";

    private TestDatabases() {}

    public static void h2(DynamicPropertyRegistry registry) {
        String name = "cp_" + UUID.randomUUID().toString().replace("-", "");
        registry.add(
                "spring.datasource.url",
                () -> "jdbc:h2:mem:" + name
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        registry.add("spring.datasource.username", () -> "sa");
        registry.add("spring.datasource.password", () -> "");
        registry.add("spring.datasource.hikari.data-source-properties.reWriteBatchedInserts", () -> "true");
        // One directory per context: a supplier is asked again at every lookup, and each bean must see the same one.
        String data = temporaryDataDirectory();
        registry.add("contactpoint.data-directory", () -> data);
    }

    public static void postgres(DynamicPropertyRegistry registry, String purpose) {
        String name = "cp_test_" + purpose.toLowerCase(Locale.ROOT) + "_"
                + ProcessHandle.current().pid();
        // Created once: a supplier is asked again at every lookup, and creating drops the database first.
        var url = new java.util.concurrent.atomic.AtomicReference<String>();
        registry.add(
                "spring.datasource.url", () -> url.updateAndGet(u -> u != null ? u : createPostgresDatabase(name)));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
        registry.add("spring.datasource.hikari.data-source-properties.reWriteBatchedInserts", () -> "true");
        // One directory per context: a supplier is asked again at every lookup, and each bean must see the same one.
        String data = temporaryDataDirectory();
        registry.add("contactpoint.data-directory", () -> data);
    }

    /** Call from @BeforeAll: skips the class where PostgreSQL is absent, or fails it where it is required. */
    public static void requirePostgres() {
        try (Connection ignored = DriverManager.getConnection(ADMIN_URL)) {
            // reachable
        } catch (SQLException e) {
            String message = "PostgreSQL is not reachable at " + ADMIN_URL + ": " + e.getMessage();
            if (Boolean.getBoolean("contactpoint.requirePostgres")) {
                throw new AssertionError(message + " (CI requires it: start it with"
                        + " pg_ctlcluster --skip-systemctl-redirect 15 main start)");
            }
            Assumptions.abort(message);
        }
    }

    public static String createPostgresDatabase(String name) {
        try (Connection admin = DriverManager.getConnection(ADMIN_URL);
                Statement statement = admin.createStatement()) {
            statement.execute("drop database if exists " + name + " with (force)");
            statement.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + ": " + e.getMessage(), e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> dropQuietly(name)));
        return POSTGRES_HOST + name;
    }

    private static void dropQuietly(String name) {
        try (Connection admin = DriverManager.getConnection(ADMIN_URL);
                Statement statement = admin.createStatement()) {
            statement.execute("drop database if exists " + name + " with (force)");
        } catch (SQLException e) {
            // best effort: a leftover test database is dropped by the next run of the same name
        }
    }

    private static String temporaryDataDirectory() {
        try {
            Path dir = Files.createTempDirectory("contactpoint-test");
            dir.toFile().deleteOnExit();
            return dir.toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
