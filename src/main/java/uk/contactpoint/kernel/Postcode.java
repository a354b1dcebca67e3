package uk.contactpoint.kernel;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A UK postcode in its normal form: upper case, one space between the outward and the inward code ("LS6 2AB").
 * Accepts any case, with or without the space, as sources send them.
 */
public record Postcode(String value) {

    // Royal Mail's rules. Outward: A9, A99, AA9, AA99, A9A, AA9A; the first letter is never Q V X, the second never
    // I J Z. Inward: 9AA, whose letters are never C I K M O V.
    private static final Pattern FORM = Pattern.compile("([A-PR-UWYZ][0-9]{1,2}|[A-PR-UWYZ][A-HK-Y][0-9]{1,2}"
            + "|[A-PR-UWYZ][0-9][A-HJKPSTUW]|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRV-Y]) [0-9][ABD-HJLNP-UW-Z]{2}");

    public Postcode {
        if (value == null || !FORM.matcher(value).matches()) {
            throw new InvalidValueException("not a UK postcode");
        }
    }

    public static Postcode of(String text) {
        if (text == null) {
            throw new InvalidValueException("a postcode is required");
        }
        String compact = text.replaceAll("\\s+", "").toUpperCase(Locale.ROOT);
        if (compact.length() < 5 || compact.length() > 7) {
            throw new InvalidValueException("not a UK postcode");
        }
        return new Postcode(compact.substring(0, compact.length() - 3) + " " + compact.substring(compact.length() - 3));
    }

    /** The outward code, for example "LS6": a postal district. */
    public String district() {
        return value.substring(0, value.indexOf(' '));
    }

    /** The district and the first digit of the inward code, for example "LS6 2": a postal sector. */
    public String sector() {
        return value.substring(0, value.indexOf(' ') + 2);
    }

    /** The leading letters, for example "LS": a postcode area. */
    public String area() {
        int i = 0;
        while (i < value.length() && Character.isLetter(value.charAt(i))) {
            i++;
        }
        return value.substring(0, i);
    }

    @Override
    public String toString() {
        return value;
    }
}
