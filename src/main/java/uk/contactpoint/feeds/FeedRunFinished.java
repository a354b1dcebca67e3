package uk.contactpoint.feeds;

/**
 * Published after a feed run has finished, outside its transactions, and also when a file is found already loaded: what
 * follows a load as a whole (training a matching model) can start, even after a run that was killed and run again.
 */
public record FeedRunFinished(String source, long runId) {}
