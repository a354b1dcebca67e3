package uk.contactpoint.feeds;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import uk.contactpoint.audit.AuditEvent;
import uk.contactpoint.audit.AuditLog;
import uk.contactpoint.kernel.PlannerStatistics;
import uk.contactpoint.kernel.SourceCode;

/**
 * Loads one feed file: validates it row by row, applies valid rows in batches (each batch, with the links and child
 * records it changes, in one transaction), and writes a rejects report. A file already loaded in full is skipped.
 */
@Service
public class FeedLoader {

    public static final int BATCH = 1_000;

    private final JdbcClient jdbc;
    private final SourceRecords records;
    private final Sources sources;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final AuditLog audit;
    private final Clock clock;
    private final Path runsDirectory;
    private final Linkage firstLoads;
    private final boolean postgres;
    private final LoadLock lock;

    /** How a run links its records: all at once after the last row (a source's first file), or batch by batch. */
    public enum Linkage {
        BULK,
        INCREMENTAL
    }

    FeedLoader(
            JdbcClient jdbc,
            SourceRecords records,
            Sources sources,
            ApplicationEventPublisher events,
            TransactionTemplate transactions,
            AuditLog audit,
            Clock clock,
            @Value("${contactpoint.data-directory}") Path dataDirectory,
            @Value("${contactpoint.feeds.first-loads:BULK}") Linkage firstLoads,
            @Value("${spring.datasource.url}") String databaseUrl,
            LoadLock lock) {
        this.jdbc = jdbc;
        this.records = records;
        this.sources = sources;
        this.events = events;
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock;
        this.runsDirectory = dataDirectory.resolve("runs");
        this.firstLoads = firstLoads;
        this.postgres = databaseUrl.startsWith("jdbc:postgresql:");
        this.lock = lock;
    }

    /** Told how far a load has got: rows read, and bytes of the file read. */
    public interface Progress {
        Progress NONE = (rows, bytes) -> {};

        void update(long rows, long bytes);

        /** Every row is stored; a first load now links them all at once, which takes a while. */
        default void linking() {}
    }

    public FeedRunReport load(SourceCode source, Path file) {
        return load(source, file, Progress.NONE);
    }

    /** Loads the file, one load at a time per directory: another load running refuses it ({@link LoadBusyException}). */
    public FeedRunReport load(SourceCode source, Path file, Progress progress) {
        FeedRunReport report;
        try (var held = lock.acquire()) {
            report = run(source, file, progress);
        }
        events.publishEvent(new FeedRunFinished(source.value(), report.runId()));
        return report;
    }

    private FeedRunReport run(SourceCode source, Path file, Progress progress) {
        if (sources.find(source).isEmpty()) {
            throw new IllegalArgumentException(
                    "unknown source '" + source + "'; registered sources: " + String.join(", ", sources.codes()));
        }
        String sha256 = sha256(file);
        abandonInterrupted(source);
        Optional<FeedRunReport> earlier = completedRun(source, sha256);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        // Into a source that holds nothing, no row can be stored already (the reader refuses a record_id twice in a
        // file), so staging skips looking them up.
        boolean empty = holdsNothing(source);
        boolean bulk = firstLoads == Linkage.BULK && firstLoad(source, empty);
        long runId = transactions.execute(tx -> {
            var keys = new GeneratedKeyHolder();
            jdbc.sql("""
                            insert into feed_run (source_code, file_name, file_sha256, state, started_at, linkage)
                            values (:source, :file, :sha, 'RUNNING', :at, :linkage)""")
                    .param("source", source.value())
                    .param("file", file.getFileName().toString())
                    .param("sha", sha256)
                    .param("at", now())
                    .param("linkage", bulk ? "BULK" : "INCREMENTAL")
                    .update(keys, "id");
            return keys.getKeyAs(Long.class);
        });
        Path rejectsPath = runsDirectory.resolve("run-" + runId + "-rejects.csv");
        var counts = new long[7]; // read, inserted, updated, unchanged, deleted, rejected, warnings
        CountingInputStream counted;
        try {
            counted = new CountingInputStream(Files.newInputStream(file));
        } catch (IOException e) {
            finish(runId, source, "FAILED", counts, "unreadable: " + e.getMessage());
            throw new UncheckedIOException(e);
        }
        try (InputStream in = counted;
                FeedReader reader = FeedReader.open(in, LocalDate.now(clock));
                BufferedWriter rejects = openRejects(rejectsPath)) {
            List<FeedRow> batch = new ArrayList<>(BATCH);
            long held = heldRecords();
            PlannerStatistics statistics = new PlannerStatistics(held, BATCH / 2);
            for (FeedReader.Result result : reader) {
                counts[0]++;
                switch (result) {
                    case FeedReader.Accepted accepted -> {
                        batch.add(accepted.row());
                        counts[6] += accepted.row().warnings().size();
                    }
                    case FeedReader.Rejected rejected -> {
                        counts[5]++;
                        for (Reject reject : rejected.reasons()) {
                            rejects.write(Csv.row(
                                    String.valueOf(reject.line()),
                                    reject.recordId(),
                                    reject.column(),
                                    reject.reason()));
                        }
                    }
                }
                if (batch.size() == BATCH) {
                    applyBatch(source, runId, batch, counts, bulk, empty);
                    batch.clear();
                    if (statistics.due(held + counts[0])) {
                        analyze(bulk ? STAGED : LINKED);
                    }
                    progress.update(counts[0], counted.count());
                }
            }
            if (!batch.isEmpty()) {
                applyBatch(source, runId, batch, counts, bulk, empty);
            }
            progress.update(counts[0], counted.count());
            if (bulk) {
                progress.linking();
                transactions.executeWithoutResult(
                        tx -> events.publishEvent(new SourceRecordsStaged(source.value(), runId)));
                analyze(LINKED);
            }
        } catch (FeedRefusedException e) {
            finish(runId, source, "FAILED", counts, "refused: " + e.getMessage());
            throw e;
        } catch (IOException e) {
            finish(runId, source, "FAILED", counts, "unreadable: " + e.getMessage());
            throw new UncheckedIOException(e);
        }
        finish(runId, source, "COMPLETED", counts, file.getFileName().toString());
        return new FeedRunReport(
                runId,
                source.value(),
                false,
                counts[0],
                counts[1],
                counts[2],
                counts[3],
                counts[4],
                counts[5],
                counts[6],
                rejectsPath);
    }

    /** Applies a batch; in a first load the records wait, unlinked, for {@link SourceRecordsStaged}. */
    private void applyBatch(
            SourceCode source, long runId, List<FeedRow> batch, long[] counts, boolean bulk, boolean empty) {
        transactions.executeWithoutResult(tx -> {
            var result = records.apply(source, runId, batch, clock.instant(), empty);
            if (!bulk && !result.changedIds().isEmpty()) {
                events.publishEvent(new SourceRecordsChanged(runId, List.copyOf(result.changedIds())));
            }
            jdbc.sql("""
                    update feed_run set rows_inserted = rows_inserted + :i, rows_updated = rows_updated + :u,
                        rows_unchanged = rows_unchanged + :n, rows_deleted = rows_deleted + :d where id = :id""")
                    .param("i", result.inserted())
                    .param("u", result.updated())
                    .param("n", result.unchanged())
                    .param("d", result.deleted())
                    .param("id", runId)
                    .update();
            counts[1] += result.inserted();
            counts[2] += result.updated();
            counts[3] += result.unchanged();
            counts[4] += result.deleted();
        });
    }

    private void finish(long runId, SourceCode source, String state, long[] counts, String detail) {
        transactions.executeWithoutResult(tx -> {
            jdbc.sql("""
                    update feed_run set state = :state, finished_at = :at, rows_read = :read, rows_rejected = :rejected
                    where id = :id""")
                    .param("state", state)
                    .param("at", now())
                    .param("read", counts[0])
                    .param("rejected", counts[5])
                    .param("id", runId)
                    .update();
            audit.record(AuditEvent.bySystem(
                    "FEED_RUN",
                    "source=" + source + " run=" + runId + " rows=" + counts[0] + " inserted=" + counts[1] + " updated="
                            + counts[2] + " unchanged=" + counts[3] + " deleted=" + counts[4] + " rejected=" + counts[5]
                            + " " + detail,
                    state.equals("COMPLETED") ? AuditEvent.Outcome.SUCCESS : AuditEvent.Outcome.FAILURE));
        });
    }

    /**
     * About how many source records the directory held when PostgreSQL last counted them (its statistics); 0 on H2,
     * which needs none.
     */
    private long heldRecords() {
        if (!postgres) {
            return 0;
        }
        return jdbc.sql("select greatest(reltuples, 0)::bigint from pg_class where relname = 'source_record'")
                .query(Long.class)
                .optional()
                .orElse(0L);
    }

    /**
     * Refreshes the planner's statistics as the tables grow (each time they have doubled since the last time: after 1,
     * 2, 4, 8... batches into an empty directory, not at all for a file much smaller than what is held; and after a
     * bulk link). A
     * load can grow a table from nothing to millions of rows within minutes; PostgreSQL's autovacuum may be off or
     * behind, and a plan made while a table looked empty (a sequential scan, cached by the driver's prepared
     * statements) makes every batch slower than the one before. H2 counts its rows exactly and needs none of this.
     */
    private void analyze(String tables) {
        if (postgres) {
            jdbc.sql("analyze " + tables).update();
        }
    }

    /**
     * What a first load's staging grows, and what linking grows. Only these: the whole database (the audit log among
     * it) took ten seconds of a 57-second load at 100,000 children.
     */
    private static final String STAGED = PlannerStatistics.SOURCE_RECORDS;

    private static final String LINKED = STAGED + ", " + PlannerStatistics.LINKAGE;

    /**
     * A run still RUNNING when a new one starts was cut off (a crash or a kill): its batches are in, and the new run
     * finds them unchanged. Marking it FAILED keeps the run history true.
     */
    private void abandonInterrupted(SourceCode source) {
        transactions.executeWithoutResult(tx ->
                jdbc.sql("""
                        update feed_run set state = 'FAILED', finished_at = :at where source_code = :source and state = 'RUNNING'""").param("at", now()).param("source", source.value()).update());
    }

    /** Whether the source holds no records at all: its first file, which no stored record can collide with. */
    private boolean holdsNothing(SourceCode source) {
        return jdbc.sql("select count(*) from source_record where source_code = :source")
                        .param("source", source.value())
                        .query(Long.class)
                        .single()
                == 0;
    }

    /**
     * A source's first file is linked in bulk: the source holds no records yet, or its last run was a first load that
     * was cut off, whose staged records are still waiting for their links.
     */
    private boolean firstLoad(SourceCode source, boolean empty) {
        return empty
                || jdbc.sql("""
                                select linkage, state from feed_run where source_code = :source
                                order by id desc fetch first 1 row only""")
                        .param("source", source.value())
                        .query((rs, n) -> "BULK".equals(rs.getString(1)) && !"COMPLETED".equals(rs.getString(2)))
                        .optional()
                        .orElse(false);
    }

    /** The state of one run of a source: RUNNING, COMPLETED or FAILED, with its counts so far. */
    public record RunState(FeedRunReport report, String state) {}

    public Optional<RunState> findRun(SourceCode source, long runId) {
        return runs(source, "id = :key", runId, false).stream().findFirst();
    }

    private Optional<FeedRunReport> completedRun(SourceCode source, String sha256) {
        return runs(source, "file_sha256 = :key and state = 'COMPLETED'", sha256, true).stream()
                .findFirst()
                .map(RunState::report);
    }

    /** The source's runs that meet the condition, oldest first. */
    private List<RunState> runs(SourceCode source, String condition, Object key, boolean alreadyLoaded) {
        return jdbc.sql(
                        "select id, rows_read, rows_inserted, rows_updated, rows_unchanged, rows_deleted, rows_rejected,"
                                + " state from feed_run where source_code = :source and " + condition + " order by id")
                .param("source", source.value())
                .param("key", key)
                .query((rs, n) -> new RunState(
                        new FeedRunReport(
                                rs.getLong(1),
                                source.value(),
                                alreadyLoaded,
                                rs.getLong(2),
                                rs.getLong(3),
                                rs.getLong(4),
                                rs.getLong(5),
                                rs.getLong(6),
                                rs.getLong(7),
                                0,
                                runsDirectory.resolve("run-" + rs.getLong(1) + "-rejects.csv")),
                        rs.getString(8)))
                .list();
    }

    private BufferedWriter openRejects(Path path) throws IOException {
        Files.createDirectories(path.getParent());
        BufferedWriter writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
        writer.write("line,record_id,column,reason\n");
        return writer;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of()
                    .formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
