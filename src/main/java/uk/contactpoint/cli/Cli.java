package uk.contactpoint.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level command. Sub-commands that need the service start Spring themselves; the rest stay light. */
@Command(
        name = "contactpoint",
        mixinStandardHelpOptions = true,
        version = "ContactPoint 0.1.0",
        description = "A national directory of children: who is involved with a child, and how to reach them.",
        subcommands = {
            DemoCommand.class,
            ServeCommand.class,
            GenerateCommand.class,
            CheckFeedCommand.class,
            LoadCommand.class,
            ReindexCommand.class,
            ExportLinksCommand.class,
            LinkageReportCommand.class,
            TrainModelCommand.class,
            AuditCommand.class,
            RetentionCommand.class,
            TestCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Cli implements Runnable {

    /** Returned by a command that leaves a server running: the JVM must not exit. */
    public static final int KEEP_RUNNING = -1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static int run(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        var cli = new CommandLine(new Cli());
        cli.setParameterExceptionHandler((e, args) -> {
            // One line that says what and where, and exit code 2, for every bad flag.
            PrintWriter err = e.getCommandLine().getErr();
            String name = e.getCommandLine().getCommandSpec().qualifiedName();
            err.println(name + ": " + e.getMessage() + " (see '" + name + " --help')");
            err.flush();
            return 2;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            err.println(commandLine.getCommandSpec().qualifiedName() + ": " + rootMessage(e));
            err.flush();
            return 1;
        });
        return cli;
    }

    static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
