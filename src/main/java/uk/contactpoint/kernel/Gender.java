package uk.contactpoint.kernel;

import java.util.Locale;

/** Gender as the regulations record it, including "not specified". */
public enum Gender {
    MALE,
    FEMALE,
    OTHER,
    NOT_SPECIFIED;

    /** Reads the feed's codes: male, female, other, unknown, or M, F, O, U, in any case. */
    public static Gender fromFeed(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "male", "m" -> MALE;
            case "female", "f" -> FEMALE;
            case "other", "o" -> OTHER;
            case "unknown", "u" -> NOT_SPECIFIED;
            default -> throw new InvalidValueException("gender is one of male, female, other, unknown (or M, F, O, U)");
        };
    }

    /** The feed's own word for this gender. */
    public String feedCode() {
        return this == NOT_SPECIFIED ? "unknown" : name().toLowerCase(Locale.ROOT);
    }
}
