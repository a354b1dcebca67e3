package uk.contactpoint.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import uk.contactpoint.generator.SyntheticFeeds;

@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description = "Writes synthetic feeds (health, child benefit, school census, social care) and truth.csv.")
final class GenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--children",
            required = true,
            paramLabel = "N",
            description = "How many children (1 to 20,000,000).")
    int children;

    @Option(
            names = "--seed",
            defaultValue = "1",
            paramLabel = "S",
            description = "The random seed (default: ${DEFAULT-VALUE}); the same seed writes the same files.")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The directory to write to.")
    Path out;

    @Option(
            names = "--as-of",
            paramLabel = "YYYY-MM-DD",
            description = "The population's reference date (default: 2026-09-01).")
    LocalDate asOf = SyntheticFeeds.DEFAULT_AS_OF;

    @Option(
            names = "--noise",
            defaultValue = "1.0",
            paramLabel = "LEVEL",
            description = "How many mistakes sources make: 0 is clean, 1 (the default) is realistic, up to 10.")
    double noise;

    @Override
    public Integer call() {
        if (children < 1 || children > 20_000_000) {
            throw new ParameterException(
                    spec.commandLine(), "--children must be between 1 and 20000000, not " + children);
        }
        if (noise < 0 || noise > 10) {
            throw new ParameterException(spec.commandLine(), "--noise must be between 0 and 10, not " + noise);
        }
        if (asOf.isAfter(LocalDate.now())) {
            throw new ParameterException(
                    spec.commandLine(), "--as-of must not be in the future: feeds may not hold future dates");
        }
        if (asOf.isBefore(LocalDate.of(2000, 1, 1))) {
            throw new ParameterException(spec.commandLine(), "--as-of must be 2000-01-01 or later");
        }
        var err = spec.commandLine().getErr();
        var summary = SyntheticFeeds.write(new SyntheticFeeds.Options(children, seed, asOf, noise), out, line -> {
            err.println(line);
            err.flush();
        });
        var outWriter = spec.commandLine().getOut();
        outWriter.printf(
                "wrote %,d source records for %,d children to %s in %.1f s%n",
                summary.rowsByFile().get(SyntheticFeeds.TRUTH_FILE),
                children,
                out.toAbsolutePath(),
                summary.millis() / 1000.0);
        outWriter.flush();
        return 0;
    }
}
