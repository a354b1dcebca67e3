package uk.contactpoint.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import uk.contactpoint.directory.LinkageReporting;

@Command(
        name = "linkage-report",
        mixinStandardHelpOptions = true,
        description = "Measures what is loaded now against a generator's truth file: pairwise precision, recall and F1,"
                + " children merged and split, merged twins, and the review queue.")
final class LinkageReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Option(
            names = "--truth",
            required = true,
            paramLabel = "FILE",
            description = "truth.csv from ./contactpoint generate.")
    Path truth;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(truth)) {
            throw new ParameterException(spec.commandLine(), "--truth: no such file: " + truth);
        }
        try (var context = Server.start(database.springProperties(), false)) {
            var report = context.getBean(LinkageReporting.class).report(truth);
            var out = spec.commandLine().getOut();
            report.print(out);
            out.flush();
        }
        return 0;
    }
}
