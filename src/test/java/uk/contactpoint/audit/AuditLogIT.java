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
        jdbc.sql("delete from audit_checkpoint").update();
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
}
