package uk.contactpoint.kernel;

/**
 * A Unique Pupil Number: a check letter, then the 3-digit local authority code, the 4-digit establishment number, the
 * 2-digit year of allocation and a 3-digit serial. The check letter follows the DfE's rule: characters 2 to 13 are
 * weighted 2 to 13, and the sum modulo 23 picks a letter from {@link #CHECK_LETTERS}.
 */
public record Upn(String value) {

    /** 23 letters: I, O and S are left out because they read as digits. */
    static final String CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ";

    public Upn {
        if (value == null || !value.matches("[A-Z][0-9]{12}")) {
            throw new InvalidValueException("a UPN has 13 characters: a check letter then 12 digits");
        }
        if (checkLetter(value.substring(1)) != value.charAt(0)) {
            throw new InvalidValueException("the UPN's check letter is wrong");
        }
    }

    public static Upn of(String text) {
        if (text == null) {
            throw new InvalidValueException("a UPN is required");
        }
        return new Upn(text.strip().toUpperCase(java.util.Locale.ROOT));
    }

    /** The DfE check letter for the 12 characters that follow it. */
    public static char checkLetter(String twelveDigits) {
        if (twelveDigits.length() != 12) {
            throw new IllegalArgumentException("twelve digits expected");
        }
        int sum = 0;
        for (int i = 0; i < 12; i++) {
            sum += (twelveDigits.charAt(i) - '0') * (i + 2);
        }
        return CHECK_LETTERS.charAt(sum % 23);
    }

    @Override
    public String toString() {
        return value;
    }
}
