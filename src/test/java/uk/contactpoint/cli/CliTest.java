package uk.contactpoint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class CliTest {

    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        CommandLine cli = Cli.commandLine();
        var out = new StringWriter();
        var err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "demo",
                "serve",
                "generate",
                "check-feed",
                "load",
                "export-links",
                "linkage-report",
                "train-model",
                "reindex",
                "test",
                "audit",
                "audit verify",
                "audit benchmark"
            })
    void every_command_has_help(String command) {
        String[] words = (command + " --help").split(" ");
        Run run = run(words);
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("Usage: contactpoint " + command.replace("audit ", "audit "));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "demo --prot 8080",
                "demo --port 0",
                "demo --port eighty",
                "demo --children 0",
                "serve --port 70000",
                "serve --db jdbc:mysql://localhost/cp",
                "serve --db jdbc:postgresql://localhost/cp --data /tmp/x",
                "generate --children 10",
                "generate --children -5 --out /tmp/x",
                "generate --children 10 --out /tmp/x --noise 11",
                "generate --children 10 --out /tmp/x --as-of 2999-01-01",
                "generate --children 10 --out /tmp/x --as-of yesterday",
                "check-feed",
                "check-feed /no/such/file.csv",
                "audit verify --checkpoints /no/such/file.jsonl",
                "audit verify --db jdbc:oracle:thin:@x",
                "reindex --db jdbc:mysql://localhost/cp",
                "reindex --data /tmp/x --fast",
                "audit benchmark --events 0",
                "audit benchmark",
                "train-model --db jdbc:mysql://localhost/cp",
                "nonsense"
            })
    void every_bad_flag_gets_one_clear_line_and_exit_code_2(String line) {
        Run run = run(line.split(" "));
        assertThat(run.exit()).as(run.err()).isEqualTo(2);
        assertThat(run.err().strip().lines()).as(run.err()).hasSize(1);
        assertThat(run.err()).startsWith("contactpoint").contains("--help");
    }

    @Test
    void train_model_on_an_empty_directory_says_how_many_records_it_needs(@TempDir Path data) {
        Run run = run("train-model", "--data", data.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err())
                .contains("the directory holds 0 source records; a model needs at least 20000")
                .contains("contactpoint.matching.min-training-records");
    }

    @Test
    void generate_then_check_feed_accepts_every_row(@TempDir Path out) {
        Run generate = run("generate", "--children", "500", "--seed", "3", "--out", out.toString());
        assertThat(generate.exit()).as(generate.err()).isZero();
        assertThat(generate.out()).contains("500 children");
        Run check = run(
                "check-feed",
                out.resolve("nhs-pds.csv").toString(),
                out.resolve("hmrc-child-benefit.csv").toString(),
                out.resolve("dfe-school-census.csv").toString(),
                out.resolve("la-social-care.csv").toString());
        assertThat(check.exit()).as(check.out()).isZero();
        assertThat(check.out()).contains("0 rejected").doesNotContain("refused");
    }

    @Test
    void check_feed_reports_each_reject_and_exits_1(@TempDir Path dir) throws Exception {
        Path feed = dir.resolve("bad.csv");
        Files.writeString(
                feed, "record_id,given_names,family_name,date_of_birth,nhs_number\nx1,A,B,2016-01-01,1234567890\n");
        Run check = run("check-feed", feed.toString());
        assertThat(check.exit()).isEqualTo(1);
        assertThat(check.out()).contains("line 2, nhs_number: the NHS number's check digit is wrong");
    }

    @Test
    void check_feed_reports_a_refused_file_and_exits_1(@TempDir Path dir) throws Exception {
        Path feed = dir.resolve("bad.csv");
        Files.writeString(feed, "record_id,surname\nx1,B\n");
        Run check = run("check-feed", feed.toString());
        assertThat(check.exit()).isEqualTo(1);
        assertThat(check.out()).contains("refused: unknown column in the header: 'surname'");
    }
}
