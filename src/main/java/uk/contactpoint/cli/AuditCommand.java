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
        subcommands = {AuditCommand.Verify.class})
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
                        "checked %,d chained entries against %d signed checkpoints in %.1f s (%,d not yet chained)%n",
                        report.entries(), report.checkpoints(), report.millis() / 1000.0, report.unchained());
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
}
