package uk.contactpoint.matching;

import java.util.List;

/**
 * The score of one pair of records, with its waterfall: every contribution, so that a reviewer sees why. {@code
 * weight} is the sum of the contributions' weights.
 */
public record PairScore(String left, String right, double weight, List<Contribution> contributions) {

    public PairScore {
        contributions = List.copyOf(contributions);
    }

    public double probability() {
        return Thresholds.probability(weight);
    }

    /** One line per contribution, for logs and the review screen's plain-text fallback. */
    public String explain() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%s ~ %s: weight %.2f (p=%.6f)%n", left, right, weight, probability()));
        for (Contribution c : contributions) {
            out.append(String.format("  %-22s %-30s %+7.2f%n", c.field(), c.level(), c.weight()));
        }
        return out.toString();
    }
}
