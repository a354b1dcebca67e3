package uk.contactpoint.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;
import uk.contactpoint.testing.TestDatabases;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class AuditLogIT {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.h2(registry);
    }

    @Autowired
    AuditLog audit;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    record Entry(long seq, OffsetDateTime at, String action, String detail, String previous, String hash) {}

    @Test
    void each_entry_carries_the_hash_of_the_one_before_and_its_own_recomputes() {
        transactions.executeWithoutResult(tx -> {
            audit.record(AuditEvent.bySystem("TEST_ONE", "first", AuditEvent.Outcome.SUCCESS));
            audit.record(AuditEvent.bySystem("TEST_TWO", "second", AuditEvent.Outcome.FAILURE));
        });
        List<Entry> entries = jdbc.sql(
                        "select seq, occurred_at, action, detail, previous_hash, entry_hash from audit_event order by seq")
                .query((rs, n) -> new Entry(
                        rs.getLong(1),
                        rs.getObject(2, OffsetDateTime.class),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6)))
                .list();
        assertThat(entries).hasSizeGreaterThanOrEqualTo(2);
        assertThat(entries.getFirst().previous()).isEqualTo(AuditLog.GENESIS);
        for (int i = 1; i < entries.size(); i++) {
            assertThat(entries.get(i).previous()).isEqualTo(entries.get(i - 1).hash());
            assertThat(entries.get(i).seq()).isEqualTo(entries.get(i - 1).seq() + 1);
        }
        Entry last = entries.getLast();
        var event = AuditEvent.bySystem(last.action(), last.detail(), AuditEvent.Outcome.FAILURE);
        assertThat(AuditLog.hash(last.seq(), last.at().toInstant(), last.previous(), event))
                .isEqualTo(last.hash());
        assertThat(AuditLog.hash(
                        last.seq(),
                        last.at().toInstant(),
                        last.previous(),
                        AuditEvent.bySystem(last.action(), "altered", AuditEvent.Outcome.FAILURE)))
                .isNotEqualTo(last.hash());
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
}
