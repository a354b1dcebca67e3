package uk.contactpoint.matching;

import java.time.LocalDate;
import java.util.List;

/**
 * One source record as the linkage engine sees it: the demographics that identify a child, nothing else. Values are
 * as the source sent them (any case, accents, punctuation); the engine standardises them once. Absent values are
 * null (or an empty list); gender is the feed's word ({@code male}, {@code female}, {@code other}, {@code unknown}, or
 * a one-letter code).
 *
 * @param key unique across sources: {@code source + "/" + recordId}
 * @param shielded the child is shielded: the engine never links this record automatically
 */
public record LinkageRecord(
        String key,
        String source,
        String givenNames,
        String familyName,
        List<String> formerFamilyNames,
        LocalDate dateOfBirth,
        String gender,
        String postcode,
        String addressLine1,
        String addressLine2,
        String nhsNumber,
        String upn,
        boolean shielded) {

    public LinkageRecord {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("a linkage record needs a key");
        }
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("a linkage record needs its source");
        }
        formerFamilyNames = formerFamilyNames == null ? List.of() : List.copyOf(formerFamilyNames);
    }

    /** The key the engine uses for a source's record: {@code source/recordId}, as in {@code truth.csv}. */
    public static String keyOf(String source, String recordId) {
        return source + "/" + recordId;
    }

    /** A copy with the shielded flag set as given. */
    public LinkageRecord withShielded(boolean value) {
        return new LinkageRecord(
                key,
                source,
                givenNames,
                familyName,
                formerFamilyNames,
                dateOfBirth,
                gender,
                postcode,
                addressLine1,
                addressLine2,
                nhsNumber,
                upn,
                value);
    }
}
