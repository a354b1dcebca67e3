package uk.contactpoint.feeds;

import java.nio.file.Path;

/** What a feed run did. {@code alreadyLoaded} is true when the same file had been loaded before and was skipped. */
public record FeedRunReport(
        long runId,
        String source,
        boolean alreadyLoaded,
        long read,
        long inserted,
        long updated,
        long unchanged,
        long deleted,
        long rejected,
        long warnings,
        Path rejectsReport) {}
