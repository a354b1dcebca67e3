package uk.contactpoint.cli;

import java.io.PrintWriter;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** The progress bar of a command reading a file: megabytes, rate and ETA on a terminal, a plain line otherwise. */
final class FileProgress {
    private FileProgress() {}

    static ProgressBarBuilder of(String name, long bytes, PrintWriter out) {
        var builder = new ProgressBarBuilder()
                .setTaskName(name)
                .setInitialMax(Math.max(1, bytes))
                .setUnit(" MB", 1_000_000)
                .showSpeed();
        if (System.console() == null) {
            // Not a terminal: a plain line now and then instead of a redrawn bar.
            builder.setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new DelegatingProgressBarConsumer(line -> {
                        out.println(line);
                        out.flush();
                    }))
                    .setUpdateIntervalMillis(5_000);
        }
        return builder;
    }
}
