package uk.contactpoint.feeds;

/**
 * Published inside one transaction after a source's first file (or the rest of an interrupted first load) is stored:
 * every active record of the source that has no link yet is to be linked now, all together, by the batch linker
 * (docs/adr/0028-first-loads-in-bulk.md). Nothing of the load is visible in the directory until that commits.
 */
public record SourceRecordsStaged(String source, long runId) {}
