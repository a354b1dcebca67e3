package uk.contactpoint.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit log on a real database: appended with the action it describes, append-only in the database, chained, and
 * tampering found by verification even by someone who can switch the database's protections off.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"contactpoint.audit.chain-interval=1h", "contactpoint.audit.checkpoint-interval=1h"})
abstract class AuditLogIT {

    @Autowired
    AuditLog audit;

    @Autowired
    AuditChain chain;

    @Autowired
    AuditAppender appender;

    @Autowired
    AuditVerifier verifier;

    @Autowired
    AuditCheckpoints checkpoints;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    @Value("${contactpoint.data-directory}")
    java.nio.file.Path data;

    List<Map<String, Object>> snapshot;

    /** Runs the change as a database superuser would, with the append-only protection switched off. */
    abstract void withoutProtection(Runnable change);

    /** Empties the retention tables as a superuser would (they are append-only too), so tests do not share them. */
    abstract void clearRetention();

    @BeforeEach
    void someEvents() {
        transactions.executeWithoutResult(tx -> {
            for (int i = 0; i < 6; i++) {
                audit.record(AuditEvent.bySystem("TEST_EVENT", "event " + i, AuditEvent.Outcome.SUCCESS));
            }
        });
        chain.chainPending();
        snapshot = jdbc.sql("select * from audit_event order by seq").query().listOfRows();
    }

    @AfterEach
    void restore() {
        withoutProtection(() -> {
            jdbc.sql("delete from audit_event").update();
            for (Map<String, Object> row : snapshot) {
                var insert = jdbc.sql("insert into audit_event (" + String.join(", ", row.keySet()) + ") values ("
                        + String.join(
                                ", ", row.keySet().stream().map(k -> ":" + k).toList()) + ")");
                for (var e : row.entrySet()) {
                    insert = insert.param(e.getKey(), e.getValue());
                }
                insert.update();
            }
        });
        // The chain's head goes back with the rows, for tests that added entries after the snapshot.
        jdbc.sql("""
                        update audit_chain_head set
                            last_pos = coalesce((select max(chain_pos) from audit_event), 0),
                            last_hash = coalesce((select entry_hash from audit_event
                                where chain_pos = (select max(chain_pos) from audit_event)), :genesis)
                        where id = 1""").param("genesis", AuditLog.GENESIS).update();
        jdbc.sql("delete from audit_checkpoint").update();
        clearRetention();
    }

    long posOf(String detail) {
        return jdbc.sql("select chain_pos from audit_event where detail = ? order by seq desc limit 1")
                .param(detail)
                .query(Long.class)
                .single();
    }

    AuditVerifier.Report verify() {
        return verifier.verify(List.of(), null);
    }

    @Test
    void events_of_actions_that_change_nothing_share_commits_and_are_committed_when_the_call_returns()
            throws Exception {
        int threads = 16;
        int each = 25;
        var pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        var visibleAtOnce = new java.util.concurrent.atomic.AtomicInteger();
        List<java.util.concurrent.Future<?>> calls = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            calls.add(pool.submit(() -> {
                for (int i = 0; i < each; i++) {
                    String detail = "shared " + thread + "/" + i;
                    audit.recordNow(AuditEvent.bySystem("TEST_SHARED", detail, AuditEvent.Outcome.SUCCESS));
                    // Another connection, outside any transaction of this thread's: committed already.
                    if (jdbc.sql("select count(*) from audit_event where detail = ?")
                                    .param(detail)
                                    .query(Long.class)
                                    .single()
                            == 1) {
                        visibleAtOnce.incrementAndGet();
                    }
                }
            }));
        }
        for (var call : calls) {
            call.get(60, java.util.concurrent.TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(visibleAtOnce.get()).isEqualTo(threads * each);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'TEST_SHARED'")
                        .query(Long.class)
                        .single())
                .isEqualTo(threads * each);
        chain.chainPending();
        assertThat(verifier.verify(List.of(), null).intact()).isTrue();
    }

    @Test
    void no_event_is_taken_while_the_appender_is_stopped_so_no_answer_goes_without_one() {
        appender.stop();
        try {
            assertThatThrownBy(() -> audit.recordNow(
                            AuditEvent.bySystem("TEST_STOPPED", "while stopped", AuditEvent.Outcome.SUCCESS)))
                    .hasMessageContaining("not accepting events");
        } finally {
            appender.start();
        }
        audit.recordNow(AuditEvent.bySystem("TEST_STOPPED", "after", AuditEvent.Outcome.SUCCESS));
        assertThat(jdbc.sql("select detail from audit_event where action = 'TEST_STOPPED'")
                        .query(String.class)
                        .list())
                .containsExactly("after");
    }

    @Test
    void record_returns_the_sequence_number_of_the_row_it_wrote() {
        long first = transactions.execute(
                tx -> audit.record(AuditEvent.bySystem("NUMBERED", "first", AuditEvent.Outcome.SUCCESS)));
        long second = transactions.execute(
                tx -> audit.record(AuditEvent.bySystem("NUMBERED", "second", AuditEvent.Outcome.SUCCESS)));
        assertThat(second).isGreaterThan(first);
        assertThat(jdbc.sql("select detail from audit_event where seq = ?")
                        .param(first)
                        .query(String.class)
                        .single())
                .isEqualTo("first");
        assertThat(jdbc.sql("select detail from audit_event where seq = ?")
                        .param(second)
                        .query(String.class)
                        .single())
                .isEqualTo("second");
    }

    @Test
    void each_entry_carries_the_hash_of_the_one_before() {
        var rows = jdbc.sql("select chain_pos, previous_hash, entry_hash from audit_event order by chain_pos")
                .query()
                .listOfRows();
        assertThat(rows).hasSizeGreaterThanOrEqualTo(6);
        assertThat(rows.getFirst().get("previous_hash")).isEqualTo(AuditLog.GENESIS);
        for (int i = 1; i < rows.size(); i++) {
            assertThat(rows.get(i).get("previous_hash"))
                    .isEqualTo(rows.get(i - 1).get("entry_hash"));
            assertThat(((Number) rows.get(i).get("chain_pos")).longValue())
                    .isEqualTo(((Number) rows.get(i - 1).get("chain_pos")).longValue() + 1);
        }
        assertThat(verify().intact()).isTrue();
    }

    @Test
    void an_event_is_never_written_outside_the_transaction_of_the_action_it_describes() {
        assertThatThrownBy(() -> audit.record(AuditEvent.bySystem("LONELY", null, AuditEvent.Outcome.SUCCESS)))
                .isInstanceOf(IllegalTransactionStateException.class);
    }

    @Test
    void an_event_rolls_back_with_its_action() {
        long before =
                jdbc.sql("select count(*) from audit_event").query(Long.class).single();
        try {
            transactions.executeWithoutResult(tx -> {
                audit.record(AuditEvent.bySystem("DOOMED", null, AuditEvent.Outcome.SUCCESS));
                throw new IllegalStateException("the action failed");
            });
        } catch (IllegalStateException expected) {
            // the action and its audit go together
        }
        assertThat(jdbc.sql("select count(*) from audit_event")
                        .query(Long.class)
                        .single())
                .isEqualTo(before);
    }

    @Test
    void direct_sql_update_and_delete_on_the_audit_table_fail() {
        var before = jdbc.sql("select * from audit_event order by seq").query().listOfRows();
        assertThatThrownBy(() -> jdbc.sql("update audit_event set detail = 'rewritten' where detail = 'event 2'")
                        .update())
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("update audit_event set entry_hash = 'x' where detail = 'event 2'")
                        .update())
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("delete from audit_event where detail = 'event 3'")
                        .update())
                .hasMessageContaining("append-only");
        assertThat(jdbc.sql("select * from audit_event order by seq").query().listOfRows())
                .isEqualTo(before);
    }

    @Test
    void an_entry_altered_with_the_protection_off_is_named_by_verify() {
        long pos = posOf("event 2");
        withoutProtection(() -> jdbc.sql("update audit_event set detail = 'nothing to see' where chain_pos = ?")
                .param(pos)
                .update());
        var report = verify();
        assertThat(report.intact()).isFalse();
        assertThat(report.findings().getFirst().problem()).isEqualTo(AuditVerifier.Problem.ALTERED);
        assertThat(report.findings().getFirst().chainPos()).isEqualTo(pos);
    }

    @Test
    void a_deleted_entry_is_named_by_verify() {
        long pos = posOf("event 3");
        withoutProtection(() -> jdbc.sql("delete from audit_event where chain_pos = ?")
                .param(pos)
                .update());
        var first = verify().findings().getFirst();
        assertThat(first.problem()).isEqualTo(AuditVerifier.Problem.REMOVED);
        assertThat(first.chainPos()).isEqualTo(pos);
    }

    @Test
    void a_swapped_pair_is_named_by_verify() {
        long pos = posOf("event 1");
        withoutProtection(() -> {
            jdbc.sql("update audit_event set chain_pos = -1 where chain_pos = ?")
                    .param(pos)
                    .update();
            jdbc.sql("update audit_event set chain_pos = ? where chain_pos = ?")
                    .param(pos)
                    .param(pos + 1)
                    .update();
            jdbc.sql("update audit_event set chain_pos = ? where chain_pos = -1")
                    .param(pos + 1)
                    .update();
        });
        var first = verify().findings().getFirst();
        assertThat(first.problem()).isEqualTo(AuditVerifier.Problem.REORDERED);
        assertThat(first.chainPos()).isEqualTo(pos);
    }

    @Test
    void a_chain_rewritten_with_recomputed_hashes_is_caught_by_the_signed_checkpoint() {
        var checkpoint = checkpoints.checkpoint();
        assertThat(checkpoint).isNotNull();
        long pos = posOf("event 4");
        // The forger alters an entry and recomputes every hash after it, which the chain alone cannot reveal.
        withoutProtection(() -> {
            jdbc.sql("update audit_event set detail = 'forged' where chain_pos = ?")
                    .param(pos)
                    .update();
            var rows = jdbc.sql("select " + AuditHash.COLUMNS
                            + ", chain_pos, previous_hash from audit_event where chain_pos >= ? order by chain_pos")
                    .param(pos)
                    .query((rs, n) -> new Object[] {rs.getLong(14), AuditHash.content(rs), rs.getString(15)})
                    .list();
            String previous = (String) rows.getFirst()[2];
            for (Object[] row : rows) {
                String hash = AuditHash.hash((String) row[1], previous);
                jdbc.sql("update audit_event set previous_hash = ?, entry_hash = ? where chain_pos = ?")
                        .param(previous)
                        .param(hash)
                        .param(row[0])
                        .update();
                previous = hash;
            }
        });
        var exported = AuditVerifier.readCheckpoints(AuditCheckpoints.exportFile(data));
        var report = verifier.verify(exported, AuditVerifier.trustedKeyOf(data));
        assertThat(report.findings())
                .extracting(AuditVerifier.Finding::problem)
                .containsExactly(AuditVerifier.Problem.REWRITTEN);

        // A checkpoint edited to match the forgery fails its signature.
        var edited = new AuditCheckpoints.Checkpoint(
                checkpoint.chainPos(),
                "0".repeat(64),
                checkpoint.signedAt(),
                checkpoint.publicKey(),
                checkpoint.signature());
        assertThat(verifier.verify(List.of(edited), AuditVerifier.trustedKeyOf(data))
                        .findings())
                .extracting(AuditVerifier.Finding::problem)
                .contains(AuditVerifier.Problem.BAD_SIGNATURE);
    }

    @Autowired
    AuditRetention retention;

    void aboutChild(String childId, String detail) {
        transactions.executeWithoutResult(tx -> audit.record(new AuditEvent(
                1L,
                "rita",
                "107001",
                "PRACTITIONER",
                null,
                null,
                "VIEW",
                childId,
                detail,
                "SAFEGUARDING",
                AuditEvent.Outcome.SUCCESS)));
    }

    @Test
    void retention_removes_only_the_audit_of_children_purged_over_six_years_ago_and_the_chain_still_verifies() {
        String old = "CP000000001";
        String recent = "CP000000002";
        aboutChild(old, "old child 1");
        aboutChild(recent, "recent child 1");
        aboutChild(old, "old child 2");
        aboutChild(null, "nobody in particular");
        retention.childPurged(old, java.time.Instant.now().minus(java.time.Duration.ofDays(6 * 366 + 2)));
        retention.childPurged(recent, java.time.Instant.now().minus(java.time.Duration.ofDays(365)));
        long before =
                jdbc.sql("select count(*) from audit_event").query(Long.class).single();
        var run = retention.run();
        assertThat(run.removed()).isEqualTo(2);
        assertThat(run.children()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from audit_event where subject_child_id = ?")
                        .param(old)
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(jdbc.sql("select count(*) from audit_event where subject_child_id = ?")
                        .param(recent)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from audit_tombstone")
                        .query(Long.class)
                        .single())
                .isEqualTo(2);
        // Two removed, one RETENTION event added: and it says what it did.
        assertThat(jdbc.sql("select count(*) from audit_event")
                        .query(Long.class)
                        .single())
                .isEqualTo(before - 1);
        assertThat(jdbc.sql("select detail from audit_event where action = 'RETENTION'")
                        .query(String.class)
                        .single())
                .startsWith("removed 2 entries about 1 children");
        aboutChild(null, "after the run");
        chain.chainPending();
        var report = verify();
        assertThat(report.findings()).isEmpty();
        assertThat(report.removedByRetention()).isEqualTo(2);
    }

    @Test
    void the_database_refuses_a_deletion_that_retention_does_not_allow() {
        String recent = "CP000000003";
        aboutChild(recent, "recent child");
        chain.chainPending();
        retention.childPurged(recent, java.time.Instant.now().minus(java.time.Duration.ofDays(400)));
        var row = jdbc.sql("select seq, chain_pos, entry_hash from audit_event where subject_child_id = ?")
                .param(recent)
                .query((rs, n) -> new Object[] {rs.getLong(1), rs.getLong(2), rs.getString(3)})
                .single();
        // A tombstone written by hand does not make a deletion of a recent child's entry legal.
        jdbc.sql("insert into audit_tombstone (chain_pos, seq, subject_child_id, entry_hash, removed_at, run_seq)"
                        + " values (?, ?, ?, ?, current_timestamp, 0)")
                .param(row[1])
                .param(row[0])
                .param(recent)
                .param(row[2])
                .update();
        assertThatThrownBy(() -> jdbc.sql("delete from audit_event where seq = ?")
                        .param(row[0])
                        .update())
                .hasMessageContaining("append-only");
        // Nor can a tombstone or a purge record be changed or removed.
        assertThatThrownBy(() -> jdbc.sql("delete from audit_tombstone").update())
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("update audit_purged_child set purged_at = current_timestamp")
                        .update())
                .hasMessageContaining("append-only");
        // And an old child's entry without its tombstone stays too.
        String old = "CP000000004";
        aboutChild(old, "old child");
        chain.chainPending();
        retention.childPurged(old, java.time.Instant.now().minus(java.time.Duration.ofDays(7 * 366)));
        assertThatThrownBy(() -> jdbc.sql("delete from audit_event where subject_child_id = ?")
                        .param(old)
                        .update())
                .hasMessageContaining("append-only");
    }
}
