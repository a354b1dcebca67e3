/**
 * The record linkage engine: standardise, block, compare, score and cluster source records into one record per
 * child. Plain Java with no Spring, so that it can be tested, benchmarked and run as a batch job on its own.
 *
 * <p>The API:
 *
 * <ul>
 *   <li>{@link uk.contactpoint.matching.LinkageRecord}: one source record's demographics, the input.
 *   <li>{@link uk.contactpoint.matching.MatchModel}: a trained Fellegi-Sunter model ({@code train}, {@code score},
 *       {@code save}, {@code load}).
 *   <li>{@link uk.contactpoint.matching.BatchLinker}: links a whole set of records into a {@link
 *       uk.contactpoint.matching.LinkageResult}.
 *   <li>{@link uk.contactpoint.matching.IncrementalLinker} with a {@link uk.contactpoint.matching.CandidateFinder}:
 *       links one record at a time against existing clusters.
 *   <li>{@link uk.contactpoint.matching.Decision}, {@link uk.contactpoint.matching.Outcome}, {@link
 *       uk.contactpoint.matching.PairScore}, {@link uk.contactpoint.matching.Contribution}: what was decided and why.
 *   <li>{@link uk.contactpoint.matching.LinkageReport}: precision, recall and the rest against a truth file.
 * </ul>
 *
 * See docs/adr/0014-comparison-levels.md, 0015-blocking-and-em.md and 0016-thresholds-and-constraints.md.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Matching")
package uk.contactpoint.matching;
