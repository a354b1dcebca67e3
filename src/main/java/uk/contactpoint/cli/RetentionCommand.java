package uk.contactpoint.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import uk.contactpoint.directory.RecordRetention;

@Command(
        name = "retention",
        mixinStandardHelpOptions = true,
        description = "Archives the records past retention (18th birthday, 25 for a young person who stayed on, a year"
                + " after a death) and purges those archived more than 6 years ago, with their source records; the"
                + " server also runs this daily. Then run 'audit retention' for the audit about purged children.")
final class RetentionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() {
        try (var context = Server.start(database.springProperties(), false)) {
            var run = context.getBean(RecordRetention.class).run(java.time.Instant.now());
            spec.commandLine().getOut().printf("archived %,d records and purged %,d%n", run.archived(), run.purged());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
