package uk.contactpoint.cli;

import java.util.concurrent.Callable;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import uk.contactpoint.search.SearchIndex;

@Command(
        name = "reindex",
        mixinStandardHelpOptions = true,
        description = "Rebuilds the search index from the directory, into a new index that replaces the old one"
                + " atomically. A server running on the same data directory switches to it by itself.")
final class ReindexCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        try (var context = Server.start(database.springProperties(), false)) {
            var index = context.getBean(SearchIndex.class);
            boolean terminal = System.console() != null;
            var builder = new ProgressBarBuilder()
                    .setTaskName("reindex")
                    .setInitialMax(1)
                    .setUnit(" children", 1)
                    .showSpeed();
            if (!terminal) {
                // Not a terminal: a plain line now and then instead of a redrawn bar.
                builder.setStyle(ProgressBarStyle.ASCII)
                        .setConsumer(new DelegatingProgressBarConsumer(line -> {
                            out.println(line);
                            out.flush();
                        }))
                        .setUpdateIntervalMillis(5_000);
            }
            SearchIndex.Rebuilt rebuilt;
            try (ProgressBar bar = builder.build()) {
                rebuilt = index.rebuild((done, total) -> {
                    bar.maxHint(Math.max(total, 1));
                    bar.stepTo(done);
                });
            }
            Runtime runtime = Runtime.getRuntime();
            out.printf(
                    "indexed %,d of %,d children in %.1f s (change log position %d, heap in use %,d MB) into %s%n",
                    rebuilt.indexed(),
                    rebuilt.children(),
                    rebuilt.millis() / 1000.0,
                    rebuilt.position(),
                    (runtime.totalMemory() - runtime.freeMemory()) / 1_000_000,
                    rebuilt.generation());
            out.flush();
            return 0;
        }
    }
}
