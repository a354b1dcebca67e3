package uk.contactpoint.matching;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.commons.codec.language.DoubleMetaphone;

/** Standard forms of names for comparison: case, accents, punctuation and spacing folded away. */
public final class Standardise {
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_LETTERS = Pattern.compile("[^A-Z]+");

    private static final DoubleMetaphone METAPHONE = new DoubleMetaphone();

    private Standardise() {}

    /**
     * The Double Metaphone code the matcher compares names by (SMITH and SMYTH both give SM0); a name with no code
     * stands for itself. Takes a name key ({@link #nameKey}).
     */
    public static String phonetic(String key) {
        String code = METAPHONE.doubleMetaphone(key);
        return code == null || code.isEmpty() ? key : code;
    }

    /** Given names as the matcher keys them, in order: "Mary-Jane Zoë" gives MARYJANE and ZOE. */
    public static List<String> givenNameKeys(String givenNames) {
        return List.of(Standardiser.givenNames(givenNames));
    }

    /** The parts of a multi-part family name as the matcher keys them (Smith-Jones: SMITH, JONES); empty for one. */
    public static List<String> familyNameParts(String familyName) {
        return List.of(Standardiser.familyParts(familyName, nameKey(familyName)));
    }

    /** O'Brien, OBRIEN and O Brien all become OBRIEN; Wójcik becomes WOJCIK; Zoë becomes ZOE. */
    public static String nameKey(String name) {
        if (name == null) {
            return "";
        }
        return NOT_LETTERS.matcher(foldAccents(name).toUpperCase(Locale.ROOT)).replaceAll("");
    }

    /** Accents and letters that Unicode does not decompose (ł, ß, ø) folded to plain Latin letters. */
    public static String foldAccents(String text) {
        if (isPlainAscii(text)) {
            return text; // the common case, and the cheap one
        }
        String folded =
                MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFD)).replaceAll("");
        return folded.replace('ł', 'l')
                .replace('Ł', 'L')
                .replace("ß", "ss")
                .replace('ø', 'o')
                .replace('Ø', 'O');
    }

    private static boolean isPlainAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 128) {
                return false;
            }
        }
        return true;
    }

    /** The first of a list of given names, as written. */
    public static String firstGivenName(String givenNames) {
        if (givenNames == null) {
            return "";
        }
        String trimmed = givenNames.strip();
        int space = trimmed.indexOf(' ');
        return space < 0 ? trimmed : trimmed.substring(0, space);
    }
}
