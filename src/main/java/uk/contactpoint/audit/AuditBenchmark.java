package uk.contactpoint.audit;

import java.io.PrintWriter;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The benchmark of {@code audit verify}: writes a valid chain of synthetic events straight into the table (as the
 * chainer would have left them), then times verification several times. For a scratch database only.
 */
@Component
public class AuditBenchmark {

    private static final int BATCH = 10_000;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final AuditVerifier verifier;
    private final MisuseDetector misuse;

    AuditBenchmark(JdbcTemplate jdbc, TransactionTemplate transactions, AuditVerifier verifier, MisuseDetector misuse) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.verifier = verifier;
        this.misuse = misuse;
    }

    public void run(long events, int runs, PrintWriter out) {
        long written = 0;
        long started = System.nanoTime();
        while (written < events) {
            int batch = (int) Math.min(BATCH, events - written);
            transactions.executeWithoutResult(tx -> appendChained(batch));
            written += batch;
            if (written % 500_000 == 0 || written == events) {
                double seconds = (System.nanoTime() - started) / 1e9;
                out.printf(
                        Locale.ROOT, "  wrote %,d of %,d events (%.0f a second)%n", written, events, written / seconds);
                out.flush();
            }
        }
        List<Long> times = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            var report = verifier.verify(List.of(), null);
            times.add(report.millis());
            out.printf(
                    Locale.ROOT,
                    "  verify run %d: %,d entries in %.2f s (%,.0f entries a second), intact=%s%n",
                    run,
                    report.entries(),
                    report.millis() / 1000.0,
                    report.entries() * 1000.0 / Math.max(1, report.millis()),
                    report.intact());
            out.flush();
        }
        out.printf(Locale.ROOT, "audit verify median of %d runs: %.2f s%n", runs, median(times) / 1000.0);
        out.flush();
        scanAfter(runs, out);
    }

    /**
     * Times the misuse scan of {@value #BATCH} new events on top of the log written above (all of them searches of
     * one day by fifty users): its cost should follow the new events, not the log's size (ADR 29).
     */
    private void scanAfter(int runs, PrintWriter out) {
        long started = System.nanoTime();
        misuse.scan();
        out.printf(
                Locale.ROOT,
                "  misuse scan catching up with the whole log: %.2f s%n",
                (System.nanoTime() - started) / 1e9);
        List<Long> times = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            transactions.executeWithoutResult(tx -> appendChained(BATCH));
            long start = System.nanoTime();
            misuse.scan();
            long millis = (System.nanoTime() - start) / 1_000_000;
            times.add(millis);
            out.printf(Locale.ROOT, "  misuse scan run %d: %,d new events in %.3f s%n", run, BATCH, millis / 1000.0);
            out.flush();
        }
        out.printf(
                Locale.ROOT,
                "misuse scan of %,d new events, median of %d runs: %.3f s%n",
                BATCH,
                runs,
                median(times) / 1000.0);
        out.flush();
    }

    private static long median(List<Long> times) {
        List<Long> sorted = times.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private void appendChained(int count) {
        Object[] head = jdbc.queryForObject(
                "select last_pos, last_hash from audit_chain_head where id = 1 for update",
                (rs, n) -> new Object[] {rs.getLong(1), rs.getString(2)});
        long pos = (Long) head[0];
        String previous = (String) head[1];
        Long maxSeq = jdbc.queryForObject("select coalesce(max(seq), 0) from audit_event", Long.class);
        long seq = Math.max(
                maxSeq == null ? 0 : maxSeq, jdbc.queryForObject("select nextval('audit_event_seq')", Long.class));
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<Object[]> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            seq++;
            pos++;
            String detail = "criteria=family_name:Smith,dob:2016 results=3 shown=CP1A2B3C4D5";
            String content = seq + "\u001f" + at + "\u001f" + (1000 + i % 50) + "\u001f" + "bench.user" + (i % 50)
                    + "\u001f"
                    + "383" + "\u001f" + "PRACTITIONER" + "\u001f" + "10.0.0." + (i % 250) + "\u001f" + "Mozilla/5.0"
                    + "\u001f" + "SEARCH" + "\u001f" + "\u001f" + detail + "\u001f" + "\u001f" + "SUCCESS" + "\u001f";
            String hash = AuditHash.hash(content, previous);
            rows.add(new Object[] {
                seq,
                Timestamp.from(at),
                (long) (1000 + i % 50),
                "bench.user" + (i % 50),
                "383",
                "PRACTITIONER",
                "10.0.0." + (i % 250),
                "Mozilla/5.0",
                "SEARCH",
                null,
                detail,
                null,
                "SUCCESS",
                pos,
                previous,
                hash
            });
            previous = hash;
        }
        jdbc.batchUpdate("""
                insert into audit_event (seq, occurred_at, actor_user_id, actor_username, actor_organisation, actor_role,
                    client_address, user_agent, action, subject_child_id, detail, reason, outcome, chain_pos,
                    previous_hash, entry_hash)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows);
        jdbc.update("update audit_chain_head set last_pos = ?, last_hash = ? where id = 1", pos, previous);
        jdbc.execute("alter sequence audit_event_seq restart with " + (seq + 1));
    }
}
