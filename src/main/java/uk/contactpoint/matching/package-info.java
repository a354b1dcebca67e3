/**
 * The record linkage engine: standardise, block, compare, score and cluster source records into one record per
 * child. Plain Java with no Spring, so that it can be tested, benchmarked and run as a batch job on its own.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Matching")
package uk.contactpoint.matching;
