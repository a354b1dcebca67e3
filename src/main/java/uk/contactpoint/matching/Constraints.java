package uk.contactpoint.matching;

/**
 * The hard rules no weight can overcome, checked on every pair of records that a merge would put in one cluster.
 * See docs/adr/0016-thresholds-and-constraints.md.
 */
final class Constraints {
    private Constraints() {}

    /** Why two records can never be one child, or null when nothing forbids it. */
    static Clusterer.Union violation(Prepared a, Prepared b) {
        // One source never holds two records of one child: a second record from it is someone else.
        if (a.source.equals(b.source)) {
            return Clusterer.Union.SAME_SOURCE;
        }
        if (Comparisons.nhsConflict(a, b)) {
            return Clusterer.Union.NHS_CONFLICT;
        }
        if (Comparisons.twinLike(a, b)) {
            return Clusterer.Union.TWINS;
        }
        return null;
    }

    static boolean forbidden(Prepared a, Prepared b) {
        return violation(a, b) != null;
    }
}
