package uk.contactpoint.directory;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;
import uk.contactpoint.matching.Thresholds;

/**
 * How the directory links records ({@code contactpoint.matching.*}). A bad value stops the service at start-up with
 * the property's name and the reason.
 *
 * @param matchThreshold the match weight from which a record is linked automatically
 * @param possibleThreshold the match weight from which a record goes to the local authority team for review
 * @param minTrainingRecords the fewest source records the directory trains its own model on; below this it links
 *     with the bundled model (see docs/adr/0017-linkage-in-the-directory.md)
 * @param bulkChunk how many records of a source's first file the batch linker takes at a time, with the children
 *     they resemble (docs/adr/0036-first-loads-in-chunks.md)
 * @param bulkEngineRecords how many records the batch linker may hold at once in a first load: a chunk's with its
 *     candidates'; a chunk reaching more is linked in halves (docs/adr/0040-bounded-bulk-chunks.md)
 * @param smallFirstFile below how many records a source's first file is linked batch by batch instead: reading the
 *     directory's keys and links into memory then costs more than it saves (docs/adr/0038-first-load-writes-once.md)
 */
@Validated
@ConfigurationProperties("contactpoint.matching")
record LinkageSettings(
        double matchThreshold,
        double possibleThreshold,
        @Min(1000) int minTrainingRecords,
        @Min(1000) int bulkChunk,
        @Min(1000) int bulkEngineRecords,
        @Min(1) int smallFirstFile) {

    LinkageSettings {
        if (!(possibleThreshold <= matchThreshold)) {
            throw new IllegalArgumentException("contactpoint.matching.possible-threshold (" + possibleThreshold
                    + ") cannot be above contactpoint.matching.match-threshold (" + matchThreshold + ")");
        }
    }

    Thresholds thresholds() {
        return new Thresholds(matchThreshold, possibleThreshold);
    }
}
