package uk.contactpoint.access;

import java.time.LocalDate;
import java.util.Optional;

/**
 * Whether a user may use the system today: a vetting check (the enhanced criminal records check) no older than three
 * years, and completed training. Returns the reason when not, in words the user can act on.
 */
final class Eligibility {
    static final int VETTING_YEARS = 3;

    private Eligibility() {}

    static Optional<String> lapsed(LocalDate vettingCheckedOn, LocalDate trainingCompletedOn, LocalDate today) {
        if (vettingCheckedOn == null) {
            return Optional.of("Your account has no vetting check on record. Ask your ContactPoint manager.");
        }
        if (vettingCheckedOn.plusYears(VETTING_YEARS).isBefore(today)) {
            return Optional.of("Your vetting check of " + vettingCheckedOn + " is more than 3 years old. Your account"
                    + " will open again once your manager records a renewed check.");
        }
        if (trainingCompletedOn == null) {
            return Optional.of("You have not completed ContactPoint training. Your account will open once your manager"
                    + " records it.");
        }
        return Optional.empty();
    }
}
