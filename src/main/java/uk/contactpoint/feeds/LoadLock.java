package uk.contactpoint.feeds;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * One load at a time per directory (docs/adr/0031-one-load-at-a-time.md): two loads linking at once could each make a
 * child for the same person, and a second load of a source would take the first's running run for a crashed one.
 * Within the JVM a lock; across processes on PostgreSQL a session advisory lock on a connection of its own (not the
 * pool's, whose sessions outlive a borrower) held for the load, which the server releases when that connection ends,
 * so a load killed with -9 never leaves the lock behind. (An
 * embedded H2 database opens in one process only.) A load that finds the lock taken is refused at once, saying which
 * load holds it.
 */
@Component
public class LoadLock {

    /** The advisory lock's key: "CPLOAD" in ASCII, so that nothing else in the database picks the same number. */
    public static final long KEY = 0x43504C4F4144L;

    private final ReentrantLock local = new ReentrantLock();
    private final JdbcClient jdbc;
    private final String url;
    private final String username;
    private final String password;

    LoadLock(
            JdbcClient jdbc,
            @Value("${spring.datasource.url}") String url,
            @Value("${spring.datasource.username:}") String username,
            @Value("${spring.datasource.password:}") String password) {
        this.jdbc = jdbc;
        this.url = url;
        this.username = username;
        this.password = password;
    }

    /** Held until closed. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    Held acquire() {
        if (!local.tryLock()) {
            throw busy();
        }
        if (!url.startsWith("jdbc:postgresql:")) {
            return local::unlock;
        }
        Connection connection;
        try {
            var credentials = new java.util.Properties();
            if (!username.isBlank()) { // else the URL's own user, as the pool does
                credentials.setProperty("user", username);
                credentials.setProperty("password", password);
            }
            connection = DriverManager.getConnection(url, credentials);
            boolean taken;
            try (var statement = connection.prepareStatement("select pg_try_advisory_lock(?)")) {
                statement.setLong(1, KEY);
                try (var result = statement.executeQuery()) {
                    result.next();
                    taken = result.getBoolean(1);
                }
            }
            if (!taken) {
                connection.close();
                local.unlock();
                throw busy();
            }
        } catch (SQLException e) {
            local.unlock();
            throw new IllegalStateException("could not take the load lock: " + e.getMessage(), e);
        }
        return () -> {
            try (connection;
                    var statement = connection.prepareStatement("select pg_advisory_unlock(?)")) {
                statement.setLong(1, KEY);
                statement.execute();
            } catch (SQLException e) {
                // Closing this connection ends its session, which releases the lock anyway.
            } finally {
                local.unlock();
            }
        };
    }

    private LoadBusyException busy() {
        String running = jdbc.sql("""
                        select 'run ' || id || ' of ' || source_code || ' (' || file_name || '), started ' || started_at
                        from feed_run where state = 'RUNNING' order by id desc fetch first 1 rows only""")
                .query(String.class)
                .optional()
                .map(run -> ": " + run)
                .orElse("");
        return new LoadBusyException("another load is running on this directory" + running
                + "; loads go one at a time, so run this one again when it has finished");
    }
}
