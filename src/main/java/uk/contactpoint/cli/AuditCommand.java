package uk.contactpoint.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import uk.contactpoint.audit.AuditCheckpoints;
import uk.contactpoint.audit.AuditVerifier;

@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        description = "Works on the audit log.",
        subcommands = {AuditCommand.Verify.class, AuditCommand.Retention.class, AuditCommand.Benchmark.class})
final class AuditCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
            name = "verify",
            mixinStandardHelpOptions = true,
            description = "Checks the audit chain and its signed checkpoints, and names the first entry that was"
                    + " altered, removed or reordered. Exit code 0 when the log is intact, 1 when it is not.")
    static final class Verify implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        DatabaseOptions database;

        @Option(
                names = "--checkpoints",
                paramLabel = "FILE",
                description = "Exported checkpoints (default: audit-checkpoints.jsonl in the data directory).")
        Path checkpoints;

        @Override
        public Integer call() {
            var properties = database.springProperties();
            Path data = database.dataDirectory();
            Path file = checkpoints != null ? checkpoints : AuditCheckpoints.exportFile(data);
            if (checkpoints != null && !file.toFile().isFile()) {
                throw new picocli.CommandLine.ParameterException(
                        spec.commandLine(), "--checkpoints: no such file: " + file);
            }
            try (var context = Server.start(properties, false)) {
                var report = context.getBean(AuditVerifier.class)
                        .verify(
                                AuditVerifier.readCheckpoints(file),
                                uk.contactpoint.audit.AuditVerifier.trustedKeyOf(data));
                var out = spec.commandLine().getOut();
                out.printf(
                        "checked %,d chained entries against %d signed checkpoints in %.1f s (%,d not yet chained, %,d"
                                + " removed by retention)%n",
                        report.entries(),
                        report.checkpoints(),
                        report.millis() / 1000.0,
                        report.unchained(),
                        report.removedByRetention());
                if (report.intact()) {
                    out.println("the audit log is intact");
                } else {
                    out.println("the audit log has been tampered with; first: "
                            + report.findings().getFirst());
                    report.findings().stream().limit(20).forEach(f -> out.println("  " + f));
                }
                out.flush();
                return report.intact() ? 0 : 1;
            }
        }
    }

    @Command(
            name = "retention",
            mixinStandardHelpOptions = true,
            description = "Removes the audit entries about children whose records were purged more than 6 years ago,"
                    + " leaving a tombstone of each, and records the run (the server also runs this daily).")
    static final class Retention implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        DatabaseOptions database;

        @Override
        public Integer call() {
            try (var context = Server.start(database.springProperties(), false)) {
                var run = context.getBean(uk.contactpoint.audit.AuditRetention.class)
                        .run();
                spec.commandLine()
                        .getOut()
                        .printf(
                                "removed %,d audit entries about %,d children purged more than %s ago (recorded as"
                                        + " event %d)%n",
                                run.removed(), run.children(), uk.contactpoint.audit.AuditRetention.KEPT, run.runSeq());
                spec.commandLine().getOut().flush();
                return 0;
            }
        }
    }

    @Command(
            name = "benchmark",
            mixinStandardHelpOptions = true,
            description = "Writes N synthetic chained events, then times audit verify and the misuse scan of new"
                    + " events. Use a scratch database:"
                    + " --data /tmp/audit-bench, or --db on a database made for it.")
    static final class Benchmark implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        DatabaseOptions database;

        @Option(
                names = "--events",
                required = true,
                paramLabel = "N",
                description = "How many events to write (1 to 100,000,000).")
        long events;

        @Option(
                names = "--runs",
                defaultValue = "3",
                paramLabel = "R",
                description = "Verification runs (default: ${DEFAULT-VALUE}).")
        int runs;

        @Override
        public Integer call() {
            if (events < 1 || events > 100_000_000) {
                throw new picocli.CommandLine.ParameterException(
                        spec.commandLine(), "--events must be between 1 and 100000000, not " + events);
            }
            if (runs < 1 || runs > 20) {
                throw new picocli.CommandLine.ParameterException(
                        spec.commandLine(), "--runs must be between 1 and 20, not " + runs);
            }
            var properties = new java.util.LinkedHashMap<>(database.springProperties());
            properties.put("contactpoint.audit.chain-interval", "1h");
            properties.put("contactpoint.audit.checkpoint-interval", "1h");
            properties.put("contactpoint.misuse.scan-interval", "1h");
            try (var context = Server.start(properties, false)) {
                context.getBean(uk.contactpoint.audit.AuditBenchmark.class)
                        .run(events, runs, spec.commandLine().getOut());
            }
            return 0;
        }
    }
}
