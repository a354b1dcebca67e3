package uk.contactpoint.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Listed so that --help shows it; the launcher script runs the suite itself, with Maven, before any jar exists. */
@Command(
        name = "test",
        mixinStandardHelpOptions = true,
        description = "Runs the whole test suite (formatting, unit, integration on H2 and PostgreSQL) from a source"
                + " checkout; extra arguments go to Maven.")
final class TestCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("contactpoint test: run it from the source checkout with ./contactpoint test (it needs the"
                + " sources and Maven, not the built jar)");
        return 2;
    }
}
