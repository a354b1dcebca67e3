package uk.contactpoint.directory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import uk.contactpoint.feeds.SourceRecords;
import uk.contactpoint.matching.LinkageRecord;
import uk.contactpoint.matching.LinkageReport;

/** The linkage report for what is loaded now, measured against a generator's truth file. */
@Service
public class LinkageReporting {

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final SourceRecords sourceRecords;

    LinkageReporting(JdbcClient jdbc, TransactionTemplate transactions, SourceRecords sourceRecords) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.sourceRecords = sourceRecords;
    }

    /**
     * Pairwise precision and recall of the children as linked now. A record waiting for review counts in the review
     * queue; one held back from any child (its candidate is shielded) counts as a child of its own until decided.
     */
    public LinkageReport report(Path truthFile) throws IOException {
        Map<String, String> truth = LinkageReport.readTruth(truthFile);
        Map<String, String> predicted = new HashMap<>();
        Set<String> review = new HashSet<>();
        List<LinkageRecord> records = new ArrayList<>();
        transactions.executeWithoutResult(tx -> {
            jdbc.sql("""
                    select r.source_code, r.record_id, l.match_result, c.child_id
                    from source_link l
                    join source_record r on r.id = l.source_record_id and r.state = 'ACTIVE'
                    join child c on c.id = l.child_id
                    where l.match_result = 'MATCH' or (l.match_result = 'POSSIBLE_MATCH' and l.link_source = 'AUTO')""")
                    .query((rs, n) -> {
                        String key = LinkageRecord.keyOf(rs.getString(1), rs.getString(2));
                        if ("MATCH".equals(rs.getString(3))) {
                            predicted.put(key, rs.getString(4));
                        } else {
                            review.add(key);
                        }
                        return key;
                    })
                    .list();
            sourceRecords.forEachActive(r -> {
                String key = LinkageRecord.keyOf(r.source(), r.data().recordId());
                predicted.putIfAbsent(key, "review:" + key);
                records.add(LinkageInput.of(r.source(), r.data(), false));
            });
        });
        return LinkageReport.of(predicted, truth, review, records);
    }
}
