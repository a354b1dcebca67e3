package uk.contactpoint.matching;

/**
 * A person's decision on a pair of records, taken by the local authority's ContactPoint team. The engine never
 * overrides it: a pair decided {@code sameChild} is always in one cluster, a pair decided apart never is.
 */
public record ManualDecision(String leftKey, String rightKey, boolean sameChild) {
    public static ManualDecision together(String left, String right) {
        return new ManualDecision(left, right, true);
    }

    public static ManualDecision apart(String left, String right) {
        return new ManualDecision(left, right, false);
    }
}
