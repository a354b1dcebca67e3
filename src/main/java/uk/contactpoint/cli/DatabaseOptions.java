package uk.contactpoint.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * How every command chooses its database: {@code --db} (or CONTACTPOINT_DB_URL) for PostgreSQL, otherwise the
 * embedded H2 database and Lucene index under {@code --data}.
 */
final class DatabaseOptions {

    static final String DB_URL_VARIABLE = "CONTACTPOINT_DB_URL";

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(
            names = "--db",
            paramLabel = "JDBC_URL",
            description = "PostgreSQL, e.g. jdbc:postgresql://localhost:5432/contactpoint?user=postgres (default: $"
                    + DB_URL_VARIABLE + ", else the embedded H2).")
    String db;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "Where the embedded database, the search index and demo feeds live (default: ./data).")
    Path data;

    /** The data directory, created if need be; it also holds the search index when the database is PostgreSQL. */
    Path dataDirectory() {
        Path dir = (data == null ? Path.of("data") : data).toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ParameterException(
                    spec.commandLine(), "--data: cannot create directory " + dir + " (" + e.getMessage() + ")");
        }
        if (!Files.isWritable(dir)) {
            throw new ParameterException(spec.commandLine(), "--data: directory " + dir + " is not writable");
        }
        return dir;
    }

    String jdbcUrl() {
        String url = db != null ? db : System.getenv(DB_URL_VARIABLE);
        if (url != null && db != null && data != null) {
            throw new ParameterException(
                    spec.commandLine(), "--db and --data choose two different databases: give one of them");
        }
        if (url == null || url.isBlank()) {
            return "jdbc:h2:file:" + dataDirectory().resolve("db").resolve("contactpoint")
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        }
        if (!url.startsWith("jdbc:postgresql://")) {
            String where = db != null ? "--db" : DB_URL_VARIABLE;
            throw new ParameterException(
                    spec.commandLine(),
                    where + " must be a PostgreSQL JDBC URL starting jdbc:postgresql://, not '" + url + "'");
        }
        return url;
    }

    /** Spring properties for the chosen database. */
    Map<String, Object> springProperties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        String url = jdbcUrl();
        properties.put("spring.datasource.url", url);
        if (url.startsWith("jdbc:h2:")) {
            properties.put("spring.datasource.username", "sa");
            properties.put("spring.datasource.password", "");
        } else {
            properties.put("spring.datasource.username", envOr("CONTACTPOINT_DB_USER", ""));
            properties.put("spring.datasource.password", envOr("CONTACTPOINT_DB_PASSWORD", ""));
            // A JDBC batch of inserts goes as multi-row inserts: a round trip per thousand rows, not per row.
            properties.put("spring.datasource.hikari.data-source-properties.reWriteBatchedInserts", "true");
        }
        properties.put("contactpoint.data-directory", dataDirectory().toString());
        return properties;
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }
}
