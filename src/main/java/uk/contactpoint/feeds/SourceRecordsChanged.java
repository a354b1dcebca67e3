package uk.contactpoint.feeds;

import java.util.List;

/**
 * Published inside the transaction that changed them: these source records were inserted, changed or deleted, and
 * whatever is derived from them (links, the child's record) must follow before the transaction commits.
 */
public record SourceRecordsChanged(long runId, List<Long> sourceRecordIds) {}
