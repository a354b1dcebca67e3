/**
 * Practitioner search: each node's Lucene index of children, a derived copy that follows the directory's change log,
 * and the search service, page and API on top of it. See docs/adr/0020-search-index.md.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Search")
package uk.contactpoint.search;
