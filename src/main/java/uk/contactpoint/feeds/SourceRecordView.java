package uk.contactpoint.feeds;

import java.time.Instant;

/** A source record as stored: what the source last said of the child, and whether it still knows the child. */
public record SourceRecordView(
        long id, String source, String recordId, boolean active, Instant updatedAt, FeedRow data) {}
