package uk.contactpoint.kernel;

import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * The ContactPoint ID: the system's own stable number for a child. "CP", eight Crockford base-32 characters chosen
 * at random (so an ID reveals neither when nor where a record was made), and a Luhn mod 32 check character that
 * catches every single mistyped character and most swapped neighbours. Written for people as {@code CP-7K3M-9QXD-4}.
 * See docs/adr/0004-contactpoint-id.md.
 */
public record ChildId(String value) {

    static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final int PAYLOAD = 8;

    public ChildId {
        if (value == null || value.length() != 2 + PAYLOAD + 1 || !value.startsWith("CP")) {
            throw new InvalidValueException("a ContactPoint ID looks like CP-7K3M-9QXD-4");
        }
        for (int i = 2; i < value.length(); i++) {
            if (ALPHABET.indexOf(value.charAt(i)) < 0) {
                throw new InvalidValueException("a ContactPoint ID looks like CP-7K3M-9QXD-4");
            }
        }
        if (checkCharacter(value.substring(2, 2 + PAYLOAD)) != value.charAt(value.length() - 1)) {
            throw new InvalidValueException("the ContactPoint ID's check character is wrong");
        }
    }

    /** Parses an ID as a person types it: any case, with or without hyphens or spaces, O for 0 and I or L for 1. */
    public static ChildId of(String text) {
        if (text == null) {
            throw new InvalidValueException("a ContactPoint ID is required");
        }
        String compact = text.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
        if (compact.startsWith("CP")) {
            compact = "CP"
                    + compact.substring(2).replace('O', '0').replace('I', '1').replace('L', '1');
        }
        return new ChildId(compact);
    }

    /** A new ID drawn from the given source of randomness; uniqueness is the directory's job. */
    public static ChildId random(RandomGenerator random) {
        char[] payload = new char[PAYLOAD];
        for (int i = 0; i < PAYLOAD; i++) {
            payload[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        }
        String body = new String(payload);
        return new ChildId("CP" + body + checkCharacter(body));
    }

    /** Luhn mod N over the Crockford alphabet. */
    static char checkCharacter(String payload) {
        int n = ALPHABET.length();
        int factor = 2;
        int sum = 0;
        for (int i = payload.length() - 1; i >= 0; i--) {
            int addend = factor * ALPHABET.indexOf(payload.charAt(i));
            factor = factor == 2 ? 1 : 2;
            sum += addend / n + addend % n;
        }
        return ALPHABET.charAt((n - sum % n) % n);
    }

    /** The grouped form people read: CP-7K3M-9QXD-4. */
    public String formatted() {
        return "CP-" + value.substring(2, 6) + "-" + value.substring(6, 10) + "-" + value.substring(10);
    }

    @Override
    public String toString() {
        return value;
    }
}
