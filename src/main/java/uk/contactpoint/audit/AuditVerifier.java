package uk.contactpoint.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Checks the audit chain from the first entry to the last, and against signed checkpoints. It names the first entry
 * that was altered (its own hash fails), removed (a gap in positions), reordered (its own hash holds but its
 * predecessor does not match) or rewritten (the chain no longer matches a signed checkpoint).
 */
@Service
public class AuditVerifier {

    public enum Problem {
        ALTERED,
        REMOVED,
        REORDERED,
        REWRITTEN,
        BAD_SIGNATURE
    }

    public record Finding(Problem problem, long chainPos, Long seq, String detail) {
        @Override
        public String toString() {
            return problem + " at chain position " + chainPos + (seq == null ? "" : " (event " + seq + ")") + ": "
                    + detail;
        }
    }

    /**
     * {@code removedByRetention}: positions the chain crosses on a retention tombstone (the entry was removed 6 years
     * after its child's record was purged, and its hash kept).
     */
    public record Report(
            long entries,
            long unchained,
            int checkpoints,
            List<Finding> findings,
            long millis,
            long removedByRetention) {
        public boolean intact() {
            return findings.isEmpty();
        }
    }

    private static final Pattern CHECKPOINT = Pattern.compile(
            "\\{\"chainPos\":(\\d+),\"entryHash\":\"([0-9a-f]{64})\",\"signedAt\":\"([^\"]+)\",\"publicKey\":\"([^\"]+)\",\"signature\":\"([^\"]+)\"}");

    private final JdbcTemplate jdbc;
    private final JdbcTemplate streaming;
    private final TransactionTemplate transactions;
    private final AuditChain chain;

    AuditVerifier(
            JdbcTemplate jdbc, javax.sql.DataSource dataSource, TransactionTemplate transactions, AuditChain chain) {
        this.jdbc = jdbc;
        // Its own template: a large fetch size streams the chain (inside a transaction, which PostgreSQL needs).
        this.streaming = new JdbcTemplate(dataSource);
        this.streaming.setFetchSize(10_000);
        this.transactions = transactions;
        this.chain = chain;
    }

    /** The public key this data directory's node signs with, if it has signed anything. */
    public static String trustedKeyOf(Path dataDirectory) {
        return AuditCheckpoints.trustedKey(dataDirectory);
    }

    /** Reads exported checkpoints (one JSON object a line); a missing file gives none. */
    public static List<AuditCheckpoints.Checkpoint> readCheckpoints(Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            List<AuditCheckpoints.Checkpoint> checkpoints = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                Matcher m = CHECKPOINT.matcher(line.strip());
                if (m.matches()) {
                    checkpoints.add(new AuditCheckpoints.Checkpoint(
                            Long.parseLong(m.group(1)), m.group(2), Instant.parse(m.group(3)), m.group(4), m.group(5)));
                } else if (!line.isBlank()) {
                    throw new IllegalArgumentException(file + ": not a checkpoint line: " + line);
                }
            }
            return checkpoints;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Verifies the chain against the given checkpoints (normally the exported file, which lives outside the database)
     * and, where none are given, against the checkpoints stored in the database.
     */
    public Report verify(List<AuditCheckpoints.Checkpoint> exported, String trustedPublicKey) {
        long started = System.nanoTime();
        chain.chainPending();
        List<AuditCheckpoints.Checkpoint> checkpoints = exported;
        if (checkpoints.isEmpty()) {
            checkpoints = jdbc.query(
                    "select chain_pos, entry_hash, signed_at, public_key, signature from audit_checkpoint order by chain_pos",
                    (rs, n) -> new AuditCheckpoints.Checkpoint(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getObject(3, java.time.OffsetDateTime.class).toInstant(),
                            rs.getString(4),
                            rs.getString(5)));
        }
        List<Finding> findings = new ArrayList<>();
        Map<Long, AuditCheckpoints.Checkpoint> byPos = new HashMap<>();
        for (var checkpoint : checkpoints) {
            if (!AuditCheckpoints.signatureHolds(checkpoint)
                    || (trustedPublicKey != null && !trustedPublicKey.equals(checkpoint.publicKey()))) {
                findings.add(new Finding(
                        Problem.BAD_SIGNATURE,
                        checkpoint.chainPos(),
                        null,
                        "the checkpoint's signature does not hold for a trusted key"));
            } else {
                byPos.put(checkpoint.chainPos(), checkpoint);
            }
        }
        Map<Long, String> tombstones = new HashMap<>();
        jdbc.query("select chain_pos, entry_hash from audit_tombstone", (RowCallbackHandler)
                rs -> tombstones.put(rs.getLong(1), rs.getString(2)));
        var state = new Object() {
            long expected = 1;
            long entries;
            long retained;
            String previous = AuditLog.GENESIS;
        };
        RowCallbackHandler check = rs -> {
            long pos = rs.getLong(14);
            long seq = rs.getLong(1);
            String storedPrevious = rs.getString(15);
            String stored = rs.getString(16);
            state.entries++;
            // Across entries that retention removed: their hashes are in the tombstones, so the chain continues.
            while (state.expected < pos && tombstones.containsKey(state.expected)) {
                String removed = tombstones.get(state.expected);
                var checkpoint = byPos.remove(state.expected);
                if (checkpoint != null && !checkpoint.entryHash().equals(removed)) {
                    findings.add(new Finding(
                            Problem.REWRITTEN,
                            state.expected,
                            null,
                            "a tombstone differs from the checkpoint signed at " + checkpoint.signedAt()));
                }
                state.previous = removed;
                state.expected++;
                state.retained++;
            }
            boolean gap = pos != state.expected;
            if (gap) {
                findings.add(new Finding(
                        Problem.REMOVED,
                        state.expected,
                        null,
                        "entries at positions " + state.expected + " to " + (pos - 1) + " are missing"));
            }
            String own = AuditHash.hash(AuditHash.content(rs), storedPrevious == null ? "" : storedPrevious);
            if (!own.equals(stored)) {
                findings.add(new Finding(Problem.ALTERED, pos, seq, "the entry's content does not match its hash"));
            } else if (!gap && !state.previous.equals(storedPrevious)) {
                findings.add(new Finding(Problem.REORDERED, pos, seq, "the entry does not follow the one before it"));
            }
            var checkpoint = byPos.remove(pos);
            if (checkpoint != null && !checkpoint.entryHash().equals(stored)) {
                findings.add(new Finding(
                        Problem.REWRITTEN,
                        pos,
                        seq,
                        "the chain differs from the checkpoint signed at " + checkpoint.signedAt()));
            }
            state.previous = stored == null ? "" : stored;
            state.expected = pos + 1;
        };
        transactions.executeWithoutResult(tx -> {
            streaming.query(
                    "select " + AuditHash.COLUMNS + ", chain_pos, previous_hash, entry_hash from audit_event"
                            + " where chain_pos is not null order by chain_pos",
                    check);
        });
        byPos.values()
                .forEach(c -> findings.add(new Finding(
                        Problem.REMOVED,
                        c.chainPos(),
                        null,
                        "the chain ends before position " + c.chainPos() + ", which a checkpoint signed")));
        findings.sort(java.util.Comparator.comparingLong(Finding::chainPos));
        Long unchained = jdbc.queryForObject("select count(*) from audit_event where entry_hash is null", Long.class);
        return new Report(
                state.entries,
                unchained == null ? 0 : unchained,
                checkpoints.size(),
                findings,
                (System.nanoTime() - started) / 1_000_000,
                state.retained);
    }
}
