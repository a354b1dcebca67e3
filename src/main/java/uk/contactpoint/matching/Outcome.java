package uk.contactpoint.matching;

/** Link outcomes in HAPI FHIR MDM's vocabulary, so that a FHIR interface can report them unchanged. */
public enum Outcome {
    /** Linked automatically: the evidence is strong and no constraint forbids it. */
    MATCH,
    /** Uncertain, or the child is shielded: the local authority's ContactPoint team decides. */
    POSSIBLE_MATCH,
    /** No candidate is close enough: a new child. */
    NO_MATCH,
    /**
     * Strong evidence that two children are one, but a constraint stopped the merge (one source holds both records):
     * a possible duplicate for review.
     */
    POSSIBLE_DUPLICATE
}
