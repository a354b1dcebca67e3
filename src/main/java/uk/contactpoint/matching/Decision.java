package uk.contactpoint.matching;

/**
 * What the engine decided for one record.
 *
 * @param recordKey the record decided on
 * @param outcome MATCH, POSSIBLE_MATCH, NO_MATCH or POSSIBLE_DUPLICATE
 * @param clusterKey the cluster (child) the record belongs to: the smallest record key among its members
 * @param evidence the strongest pair behind the outcome, with its waterfall; null when no candidate came close
 * @param reason a sentence for the audit trail and the reviewer
 */
public record Decision(String recordKey, Outcome outcome, String clusterKey, PairScore evidence, String reason) {

    /** The total weight behind the decision, or negative infinity when there was no candidate. */
    public double weight() {
        return evidence == null ? Double.NEGATIVE_INFINITY : evidence.weight();
    }
}
