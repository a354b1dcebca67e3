package uk.contactpoint.kernel;

/**
 * An NHS number: 10 digits, the last of which is the Modulus 11 check digit. This is the consistent identifier for
 * children named by the Children's Wellbeing and Schools Act 2026.
 */
public record NhsNumber(String value) {

    public NhsNumber {
        if (value == null || !value.matches("[0-9]{10}")) {
            throw new InvalidValueException("an NHS number has 10 digits");
        }
        int check = checkDigit(value.substring(0, 9));
        if (check != value.charAt(9) - '0') {
            throw new InvalidValueException("the NHS number's check digit is wrong");
        }
    }

    /** Parses an NHS number as people write it: spaces (and the common 3-3-4 grouping) are allowed. */
    public static NhsNumber of(String text) {
        if (text == null) {
            throw new InvalidValueException("an NHS number is required");
        }
        return new NhsNumber(text.replace(" ", "").strip());
    }

    /**
     * The Modulus 11 check digit for the first nine digits, or -1 when none exists (a remainder of 10 means that no
     * NHS number is ever issued with those nine digits).
     */
    public static int checkDigit(String nineDigits) {
        if (nineDigits.length() != 9) {
            throw new IllegalArgumentException("nine digits expected");
        }
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += (nineDigits.charAt(i) - '0') * (10 - i);
        }
        int check = 11 - (sum % 11);
        if (check == 11) {
            return 0;
        }
        return check == 10 ? -1 : check;
    }

    /** The 3-3-4 form that people read and type. */
    public String formatted() {
        return value.substring(0, 3) + " " + value.substring(3, 6) + " " + value.substring(6);
    }

    @Override
    public String toString() {
        return value;
    }
}
