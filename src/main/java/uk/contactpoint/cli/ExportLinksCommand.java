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
import uk.contactpoint.directory.LinkExport;

@Command(
        name = "export-links",
        mixinStandardHelpOptions = true,
        description = "Writes one row per source record: source,record_id,child_id,link_state.")
final class ExportLinksCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The CSV file to write.")
    Path out;

    @Override
    public Integer call() {
        Path parent = out.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new ParameterException(spec.commandLine(), "--out: no such directory: " + parent);
        }
        try (var context = Server.start(database.springProperties(), false)) {
            long rows = context.getBean(LinkExport.class).write(out);
            spec.commandLine().getOut().printf("wrote %,d links to %s%n", rows, out);
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
