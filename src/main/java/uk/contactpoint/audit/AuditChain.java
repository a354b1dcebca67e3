package uk.contactpoint.audit;

import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Links committed events into the hash chain, in batches, a few times a second. The chain head row is locked for the
 * duration, so only one chainer works at a time across every node; appends never wait for it.
 */
@Component
public class AuditChain {

    static final int BATCH = 5_000;

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final TransactionTemplate transactions;

    AuditChain(JdbcClient jdbc, JdbcTemplate template, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.template = template;
        this.transactions = transactions;
    }

    @Scheduled(fixedDelayString = "${contactpoint.audit.chain-interval:500ms}")
    void scheduled() {
        chainPending();
    }

    /** Chains every committed event not yet chained; returns how many. */
    public long chainPending() {
        long total = 0;
        int chained;
        do {
            chained = transactions.execute(tx -> chainBatch());
            total += chained;
        } while (chained == BATCH);
        return total;
    }

    private record Link(long seq, long pos, String previous, String hash) {}

    private int chainBatch() {
        Object[] head = jdbc.sql("select last_pos, last_hash from audit_chain_head where id = 1 for update")
                .query((rs, n) -> new Object[] {rs.getLong(1), rs.getString(2)})
                .single();
        long pos = (Long) head[0];
        String previous = (String) head[1];
        List<Link> links = new ArrayList<>();
        var rows = jdbc.sql("select " + AuditHash.COLUMNS
                        + " from audit_event where entry_hash is null order by seq limit " + BATCH)
                .query((rs, n) -> new Object[] {rs.getLong(1), AuditHash.content(rs)})
                .list();
        for (Object[] row : rows) {
            pos++;
            String hash = AuditHash.hash((String) row[1], previous);
            links.add(new Link((Long) row[0], pos, previous, hash));
            previous = hash;
        }
        if (links.isEmpty()) {
            return 0;
        }
        template.batchUpdate(
                "update audit_event set chain_pos = ?, previous_hash = ?, entry_hash = ? where seq = ? and entry_hash is null",
                links.stream()
                        .map(l -> new Object[] {l.pos(), l.previous(), l.hash(), l.seq()})
                        .toList());
        jdbc.sql("update audit_chain_head set last_pos = :pos, last_hash = :hash where id = 1")
                .param("pos", pos)
                .param("hash", previous)
                .update();
        return links.size();
    }
}
