package uk.contactpoint.directory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import uk.contactpoint.feeds.SourceRecords;
import uk.contactpoint.matching.LinkageRecord;
import uk.contactpoint.matching.LinkageReport;

/** The linkage report for what is loaded now, measured against a generator's truth file. */
@Service
public class LinkageReporting {

    private final JdbcTemplate streaming;
    private final TransactionTemplate transactions;
    private final SourceRecords sourceRecords;

    LinkageReporting(DataSource dataSource, TransactionTemplate transactions, SourceRecords sourceRecords) {
        this.streaming = new JdbcTemplate(dataSource);
        this.streaming.setFetchSize(10_000);
        this.transactions = transactions;
        this.sourceRecords = sourceRecords;
    }

    public LinkageReport report(Path truthFile) throws IOException {
        Map<String, String> truth = LinkageReport.readTruth(truthFile);
        Map<String, String> predicted = new HashMap<>();
        Set<String> review = new HashSet<>();
        List<Long> ids = new ArrayList<>();
        transactions.executeWithoutResult(tx -> streaming.query("""
                select r.id, r.source_code, r.record_id, l.match_result, c.child_id
                from source_record r
                left join source_link l on l.source_record_id = r.id and l.match_result in ('MATCH', 'POSSIBLE_MATCH')
                left join child c on c.id = l.child_id
                where r.state = 'ACTIVE'""", rs -> {
            String key = LinkageRecord.keyOf(rs.getString(2), rs.getString(3));
            if ("MATCH".equals(rs.getString(4))) {
                predicted.put(key, rs.getString(5));
            } else {
                review.add(key);
                // A record held for review is its own child until someone decides.
                predicted.putIfAbsent(key, "review:" + key);
            }
            ids.add(rs.getLong(1));
        }));
        review.removeIf(key -> !predicted.get(key).startsWith("review:"));
        List<LinkageRecord> records = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i += 10_000) {
            sourceRecords
                    .findByIds(ids.subList(i, Math.min(ids.size(), i + 10_000)))
                    .forEach(r -> records.add(LinkageInput.of(r.source(), r.data(), false)));
        }
        return LinkageReport.of(predicted, truth, review, records);
    }
}
