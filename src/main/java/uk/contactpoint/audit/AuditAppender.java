package uk.contactpoint.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes the events of actions that change nothing in the database (searches) together: whatever has arrived while
 * the last batch was committing goes in one multi-row insert and one durable commit, and each caller returns once its
 * event has committed (docs/adr/0032-searches-audited-in-shared-commits.md). At a thousand searches a second that is a
 * few hundred commits instead of a thousand, and no search holds a connection while the index ranks. Started before
 * the web server and stopped after it, so no answer is given without its event.
 */
@Component
class AuditAppender implements SmartLifecycle {

    static final int MAX_BATCH = 500;
    private static final long WAIT_SECONDS = 30;

    private record Pending(Object[] row, CompletableFuture<Void> written) {}

    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private volatile boolean running;
    private Thread writer;

    AuditAppender(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** Appends the row (the columns of {@link AuditLog#INSERT} after the sequence number) and waits until committed. */
    void append(Object[] row) {
        if (!running) {
            throw new IllegalStateException("the audit log is not accepting events: the service is stopping");
        }
        var pending = new Pending(row, new CompletableFuture<>());
        queue.add(pending);
        // Stopping between the check and the add: the writer may already have drained the queue for the last time,
        // and nobody would write this event. If it is still queued it is taken back and refused at once.
        if (!running && queue.remove(pending)) {
            throw new IllegalStateException("the audit log is not accepting events: the service is stopping");
        }
        try {
            pending.written().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "the audit event could not be written: " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the audit event was not written within " + WAIT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the audit event was being written", e);
        }
    }

    private void writeUntilStopped() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                List<Object[]> rows = batch.stream().map(Pending::row).toList();
                transactions.executeWithoutResult(tx -> jdbc.batchUpdate(AuditLog.INSERT_POSITIONAL, rows));
                batch.forEach(p -> p.written().complete(null));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                batch.forEach(p -> p.written().completeExceptionally(e));
                return;
            } catch (RuntimeException e) {
                // Every caller of the batch is told: none of them answers without its event.
                batch.forEach(p -> p.written().completeExceptionally(e));
            }
            batch.clear();
        }
    }

    @Override
    public synchronized void start() {
        running = true;
        writer = Thread.ofPlatform().name("audit-appender").daemon().start(this::writeUntilStopped);
    }

    @Override
    public synchronized void stop() {
        running = false;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the web server starts and after it stops (its phase is higher). */
    @Override
    public int getPhase() {
        return 0;
    }
}
