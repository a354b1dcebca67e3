package uk.contactpoint.directory;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import uk.contactpoint.feeds.Csv;

/**
 * Writes one row per source record: {@code source,record_id,child_id,link_state}, where link_state is the link's
 * result and how it was made (MATCH/AUTO, MATCH/MANUAL; POSSIBLE_MATCH/AUTO for a record held back from any child
 * until reviewed), DELETED for a record its source ended, or UNLINKED. A record linked to its child and also waiting
 * for review against another shows its MATCH. Streams, and writes to a temporary file moved into place, so a crash leaves the old file or the new.
 */
@Service
public class LinkExport {

    private final JdbcTemplate streaming;
    private final TransactionTemplate transactions;

    LinkExport(DataSource dataSource, TransactionTemplate transactions) {
        this.streaming = new JdbcTemplate(dataSource);
        this.streaming.setFetchSize(10_000);
        this.transactions = transactions;
    }

    /** Returns the number of rows written. */
    public long write(Path out) {
        Path temp = out.resolveSibling(out.getFileName() + ".part");
        long[] rows = {0};
        try (BufferedWriter writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            writer.write("source,record_id,child_id,link_state\n");
            transactions.executeWithoutResult(tx -> streaming.query("""
                    select r.source_code, r.record_id, c.child_id, l.match_result, l.link_source, r.state
                    from source_record r
                    left join source_link l on l.source_record_id = r.id and (l.match_result = 'MATCH'
                        or (l.match_result = 'POSSIBLE_MATCH' and not exists (select 1 from source_link m
                            where m.source_record_id = r.id and m.match_result = 'MATCH')))
                    left join child c on c.id = l.child_id
                    order by r.source_code, r.record_id""", rs -> {
                String state = "DELETED".equals(rs.getString(6))
                        ? "DELETED"
                        : rs.getString(4) == null ? "UNLINKED" : rs.getString(4) + "/" + rs.getString(5);
                try {
                    writer.write(Csv.row(rs.getString(1), rs.getString(2), rs.getString(3), state));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                rows[0]++;
            }));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
        }
        try {
            Files.move(temp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows[0];
    }
}
