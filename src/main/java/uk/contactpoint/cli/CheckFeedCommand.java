package uk.contactpoint.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import uk.contactpoint.feeds.FeedReader;
import uk.contactpoint.feeds.FeedRefusedException;

@Command(
        name = "check-feed",
        mixinStandardHelpOptions = true,
        description = "Validates feed files against the feed format without loading them. Exit code 0 when every row"
                + " passes, 1 when a row or a file is rejected.")
final class CheckFeedCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Feed files (CSV, feed format version 1).")
    List<Path> files;

    @Option(
            names = "--show",
            defaultValue = "20",
            paramLabel = "N",
            description = "Print at most N rejects a file (default: ${DEFAULT-VALUE}).")
    int show;

    @Override
    public Integer call() throws IOException {
        if (show < 0) {
            throw new ParameterException(spec.commandLine(), "--show must not be negative");
        }
        var out = spec.commandLine().getOut();
        boolean allValid = true;
        for (Path file : files) {
            long accepted = 0;
            long rejected = 0;
            long warnings = 0;
            if (!Files.isRegularFile(file)) {
                throw new ParameterException(spec.commandLine(), "no such file: " + file);
            }
            long started = System.nanoTime();
            try (InputStream in = ProgressBar.wrap(
                            Files.newInputStream(file),
                            FileProgress.of(file.getFileName().toString(), Files.size(file), out));
                    FeedReader reader = FeedReader.open(in, LocalDate.now())) {
                for (FeedReader.Result result : reader) {
                    switch (result) {
                        case FeedReader.Accepted a -> {
                            accepted++;
                            warnings += a.row().warnings().size();
                        }
                        case FeedReader.Rejected r -> {
                            if (rejected++ < show) {
                                r.reasons().forEach(reason -> out.println(file + ": " + reason));
                            }
                        }
                    }
                }
            } catch (NoSuchFileException e) {
                throw new ParameterException(spec.commandLine(), "no such file: " + file);
            } catch (FeedRefusedException e) {
                out.println(file + ": refused: " + e.getMessage());
                allValid = false;
                continue;
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            out.printf(
                    "%s: %,d rows accepted, %,d rejected, %,d warnings (%,d rows in %.1f s, %,.0f rows a second)%n",
                    file,
                    accepted,
                    rejected,
                    warnings,
                    accepted + rejected,
                    seconds,
                    (accepted + rejected) / Math.max(seconds, 1e-9));
            allValid &= rejected == 0;
        }
        out.flush();
        return allValid ? 0 : 1;
    }
}
