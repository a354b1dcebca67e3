/**
 * Source feeds: files in, validation against the feed format, rejects with line, column and reason, and the
 * idempotent upsert of source records by (source, record_id).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Feeds")
package uk.contactpoint.feeds;
