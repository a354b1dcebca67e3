package uk.contactpoint.search;

import java.time.LocalDate;
import java.util.List;

/**
 * What a search returns: at most {@link ChildSearch#MAX_RESULTS} children, best first, or a request to refine with no
 * list at all.
 */
public sealed interface SearchOutcome {

    /** The children found, best first; possibly none. */
    record Found(List<Result> results) implements SearchOutcome {
        public Found {
            results = List.copyOf(results);
        }
    }

    /** More children qualify than a search may show: nothing is shown, the searcher adds criteria. */
    record Refine() implements SearchOutcome {
        public static final String MESSAGE = "More than " + ChildSearch.MAX_RESULTS
                + " children match. Add more details, such as a given name, the full date of birth or the postcode.";
    }

    /**
     * One child as a search shows it: enough to pick the right one and nothing more. {@code town} is null for a
     * shielded child (and for one with no known address): its whereabouts are never shown.
     *
     * @param childId the ContactPoint ID in its grouped form, CP-7K3M-9QXD-4
     */
    record Result(
            String childId, String givenNames, String familyName, String gender, LocalDate dateOfBirth, String town) {}
}
