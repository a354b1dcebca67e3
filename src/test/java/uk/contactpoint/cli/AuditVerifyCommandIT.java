package uk.contactpoint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `audit verify` as an operator runs it, on a fresh embedded database and on one with a tampered export. */
class AuditVerifyCommandIT {

    @TempDir
    Path data;

    @Test
    void verify_reports_an_intact_log_and_exits_0() {
        var run = CliTest.run("audit", "verify", "--data", data.toString());
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("the audit log is intact");
    }

    @Test
    void a_small_benchmark_writes_a_chain_that_verifies() {
        var run = CliTest.run("audit", "benchmark", "--events", "2000", "--runs", "1", "--data", data.toString());
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("2,000 entries", "intact=true", "median of 1 runs");
    }
}
