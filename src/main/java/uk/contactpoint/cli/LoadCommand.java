package uk.contactpoint.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import uk.contactpoint.feeds.FeedLoader;
import uk.contactpoint.feeds.Sources;
import uk.contactpoint.kernel.InvalidValueException;
import uk.contactpoint.kernel.SourceCode;

@Command(
        name = "load",
        mixinStandardHelpOptions = true,
        description = "Loads one feed file of a source into the directory, with linkage. Rejected rows go to a rejects"
                + " report; the rest loads. Running it again after a crash completes the load.")
final class LoadCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Option(names = "--source", required = true, paramLabel = "CODE", description = "The source's code, e.g. nhs-pds.")
    String source;

    @Option(
            names = "--kind",
            paramLabel = "KIND",
            description = "Registers the source with this kind if it is new: ${COMPLETION-CANDIDATES}.")
    Sources.Kind kind;

    @Parameters(paramLabel = "FILE", description = "The feed file (CSV, feed format version 1).")
    Path file;

    @Override
    public Integer call() throws java.io.IOException {
        SourceCode code;
        try {
            code = SourceCode.of(source);
        } catch (InvalidValueException e) {
            throw new ParameterException(spec.commandLine(), "--source: " + e.getMessage());
        }
        if (!Files.isRegularFile(file)) {
            throw new ParameterException(spec.commandLine(), "no such file: " + file);
        }
        var properties = new LinkedHashMap<>(database.springProperties());
        var out = spec.commandLine().getOut();
        try (var context = Server.start(properties, false)) {
            var sources = context.getBean(Sources.class);
            if (kind != null) {
                sources.register(new Sources.Source(code, code.value(), kind));
            }
            if (sources.find(code).isEmpty()) {
                throw new ParameterException(
                        spec.commandLine(),
                        "--source: unknown source '" + code + "'; registered sources: "
                                + String.join(", ", sources.codes()) + " (give --kind to register it)");
            }
            long size = Files.size(file);
            var builder = FileProgress.of(file.getFileName().toString(), size, out);
            long started = System.nanoTime();
            FeedLoader.Progress progress;
            try (ProgressBar bar = builder.build()) {
                progress = new FeedLoader.Progress() {
                    @Override
                    public void update(long rows, long bytes) {
                        bar.stepTo(bytes);
                        bar.setExtraMessage(String.format(" %,d rows", rows));
                    }

                    @Override
                    public void linking() {
                        bar.setExtraMessage(" every row stored: linking them all in one go (the source's first load)");
                    }
                };
                var report = context.getBean(FeedLoader.class).load(code, file, progress);
                bar.stepTo(size);
                double seconds = (System.nanoTime() - started) / 1e9;
                if (report.alreadyLoaded()) {
                    out.printf("%s was loaded already (run %d): nothing to do%n", file, report.runId());
                } else {
                    out.printf(
                            "run %d: %,d rows in %.1f s (%,.0f rows a second): %,d new, %,d changed, %,d unchanged,"
                                    + " %,d deleted, %,d rejected, %,d warnings%n",
                            report.runId(),
                            report.read(),
                            seconds,
                            report.read() / Math.max(seconds, 0.001),
                            report.inserted(),
                            report.updated(),
                            report.unchanged(),
                            report.deleted(),
                            report.rejected(),
                            report.warnings());
                    if (report.rejected() > 0) {
                        out.println("rejects report: " + report.rejectsReport());
                    }
                }
            }
            out.flush();
            return 0;
        }
    }
}
