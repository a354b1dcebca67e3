package uk.contactpoint.search;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The search index's settings ({@code contactpoint.search.*}).
 *
 * @param indexDir where the index lives (default: the data directory's {@code index})
 * @param pollInterval how often the index asks the change log for news: changes show in search within about this
 *     much plus the time to apply them, well inside the 1 s the issue asks for
 * @param commitInterval how often the index is committed to disk with its position; after a crash it replays the
 *     change log from the last commit
 * @param follow whether this process keeps the index up to date; commands that only load or report set it false, so
 *     that they never fight a running server for the index
 */
@Validated
@ConfigurationProperties("contactpoint.search")
record SearchProperties(
        @NotNull Path indexDir,
        @NotNull Duration pollInterval,
        @NotNull Duration commitInterval,
        boolean follow) {}
