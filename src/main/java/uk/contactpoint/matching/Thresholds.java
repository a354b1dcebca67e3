package uk.contactpoint.matching;

/**
 * Where the match weight (log2 of the odds that a pair is one child, prior included) turns into an outcome. A pair at
 * or above {@code match} is linked automatically; from {@code possible} up to {@code match} it goes to review.
 * See docs/adr/0016-thresholds-and-constraints.md for how the defaults were chosen.
 */
public record Thresholds(double match, double possible) {

    /**
     * Defaults, chosen on a tuning data set (generator seed 2, 100,000 children), never on the one the targets are
     * measured on: MATCH from weight 2 (odds 4 to 1), review from weight -2 (odds 1 to 4). The constraints, not the
     * threshold, keep twins and siblings apart, which is why automatic linkage can start this low.
     */
    public static final Thresholds DEFAULT = new Thresholds(2.0, -2.0);

    public Thresholds {
        if (!(possible <= match)) {
            throw new IllegalArgumentException("the possible-match threshold cannot be above the match threshold");
        }
    }

    /** The probability of one child that a weight stands for. */
    public static double probability(double weight) {
        double odds = Math.pow(2, weight);
        return odds / (1 + odds);
    }
}
