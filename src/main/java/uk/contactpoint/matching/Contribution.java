package uk.contactpoint.matching;

/**
 * One step of a decision's waterfall: the comparison, the level the pair reached, and the weight (in bits) it added.
 * The prior and term-frequency adjustments appear as steps of their own, so the steps add up to the total.
 */
public record Contribution(String field, String level, double weight) {}
