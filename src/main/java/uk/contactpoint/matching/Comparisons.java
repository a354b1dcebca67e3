package uk.contactpoint.matching;

/**
 * Computes a pair's comparison vector: one level per {@link Field}, packed four bits a field into an int so that
 * millions of vectors fit in memory and EM can count distinct patterns. Stateless and thread-safe.
 */
final class Comparisons {
    private Comparisons() {}

    static int compare(Prepared a, Prepared b) {
        return Field.GIVEN_NAME.pack(given(a, b))
                | Field.FAMILY_NAME.pack(family(a, b))
                | Field.DATE_OF_BIRTH.pack(dateOfBirth(a, b))
                | Field.ADDRESS.pack(address(a, b))
                | Field.GENDER.pack(gender(a, b))
                | Field.NHS_NUMBER.pack(identifier(a.nhs, b.nhs))
                | Field.UPN.pack(identifier(a.upn, b.upn));
    }

    static int given(Prepared a, Prepared b) {
        String x = a.first;
        String y = b.first;
        if (x == null || y == null) {
            return 0;
        }
        if (x.equals(y)) {
            if (a.given.length > 1 && b.given.length > 1) {
                // Both sent middle names: agreeing ones are strong evidence, different ones count against.
                return java.util.Arrays.equals(a.given, b.given)
                        ? Field.GIVEN_ALL_EXACT
                        : a.given[1].equals(b.given[1]) ? Field.GIVEN_EXACT : Field.GIVEN_EXACT_MIDDLE_DIFFERS;
            }
            return Field.GIVEN_EXACT;
        }
        // The order of given names differs, or one source uses the middle name.
        if (contains(b.given, x) || contains(a.given, y)) {
            return Field.GIVEN_OTHER;
        }
        // A nickname or spelling of the first or another given name, or a name written as two (Abdul Rahman).
        if (contains(a.givenVariants, y)
                || contains(b.givenVariants, x)
                || x.equals(b.joinedGiven)
                || y.equals(a.joinedGiven)
                || (b.joinedGiven != null && contains(a.givenVariants, b.joinedGiven))
                || (a.joinedGiven != null && contains(b.givenVariants, a.joinedGiven))) {
            return Field.GIVEN_VARIANT;
        }
        if (a.firstPhonetic != null && a.firstPhonetic.equals(b.firstPhonetic)) {
            return Field.GIVEN_PHONETIC;
        }
        // One typing slip, in the name itself or in a nickname of it (Mlilie for Millie, known as Amelia).
        if (Strings.withinEdits(x, y, 1) || withinOneEdit(a.firstVariants, y) || withinOneEdit(b.firstVariants, x)) {
            return Field.GIVEN_ONE_EDIT;
        }
        double jw = Strings.jaroWinkler(x, y);
        if (jw >= 0.92) {
            return Field.GIVEN_JW92;
        }
        return jw >= 0.88 ? Field.GIVEN_JW88 : Field.GIVEN_DIFFERENT;
    }

    static int family(Prepared a, Prepared b) {
        String x = a.family;
        String y = b.family;
        if (x == null || y == null) {
            return 0;
        }
        if (x.equals(y)) {
            return Field.FAMILY_EXACT;
        }
        // Smith-Jones against Jones: one part of a multi-part name kept.
        if (contains(a.familyParts, y) || contains(b.familyParts, x) || intersects(a.familyParts, b.familyParts)) {
            return Field.FAMILY_PART;
        }
        // A name changed: the other source still holds the old one, or both hold it as former.
        if (contains(a.former, y)
                || contains(b.former, x)
                || intersects(a.former, b.former)
                || intersects(a.former, b.familyParts)
                || intersects(b.former, a.familyParts)) {
            return Field.FAMILY_FORMER;
        }
        if (a.familyPhonetic != null && a.familyPhonetic.equals(b.familyPhonetic)) {
            return Field.FAMILY_PHONETIC;
        }
        if (Strings.withinEdits(x, y, 1)) {
            return Field.FAMILY_ONE_EDIT;
        }
        double jw = Strings.jaroWinkler(x, y);
        if (jw >= 0.92) {
            return Field.FAMILY_JW92;
        }
        return jw >= 0.88 ? Field.FAMILY_JW88 : Field.FAMILY_DIFFERENT;
    }

    private static boolean withinOneEdit(String[] names, String name) {
        for (String n : names) {
            if (Strings.withinEdits(n, name, 1)) {
                return true;
            }
        }
        return false;
    }

    static int dateOfBirth(Prepared a, Prepared b) {
        if (!a.hasDob() || !b.hasDob()) {
            return 0;
        }
        if (a.dobEpochDay == b.dobEpochDay) {
            return Field.DOB_EXACT;
        }
        if (a.year == b.year && a.month == b.day && a.day == b.month) {
            return Field.DOB_TRANSPOSED;
        }
        if (Math.abs(a.dobEpochDay - b.dobEpochDay) == 1) {
            return Field.DOB_ONE_DAY;
        }
        if (a.month == b.month && a.day == b.day && Math.abs(a.year - b.year) == 1) {
            return Field.DOB_YEAR;
        }
        if (a.year == b.year && a.month == b.month) {
            return Field.DOB_MONTH_YEAR;
        }
        return Field.DOB_DIFFERENT;
    }

    static int address(Prepared a, Prepared b) {
        boolean bothPostcodes = a.postcode != null && b.postcode != null;
        boolean bothLines = a.address != null && b.address != null;
        if (!bothPostcodes && !bothLines) {
            return 0;
        }
        boolean samePostcode = bothPostcodes && a.postcode.equals(b.postcode);
        boolean sameLine = bothLines && a.address.equals(b.address);
        if (sameLine && (samePostcode || !bothPostcodes)) {
            return Field.ADDRESS_SAME;
        }
        if (samePostcode) {
            return Field.ADDRESS_POSTCODE;
        }
        if (sameLine) {
            return Field.ADDRESS_LINE;
        }
        if (!bothPostcodes) {
            return Field.ADDRESS_DIFFERENT;
        }
        if (a.sector.equals(b.sector)) {
            return Field.ADDRESS_SECTOR;
        }
        return a.district.equals(b.district) ? Field.ADDRESS_DISTRICT : Field.ADDRESS_DIFFERENT;
    }

    static int gender(Prepared a, Prepared b) {
        if (a.gender == 0 || b.gender == 0) {
            return 0;
        }
        return a.gender == b.gender ? Field.AGREE : Field.DISAGREE;
    }

    static int identifier(String x, String y) {
        if (x == null || y == null) {
            return 0;
        }
        return x.equals(y) ? Field.AGREE : Field.DISAGREE;
    }

    /**
     * Twins as the constraint defines them: the same date of birth, family name and address, and given names that
     * are not the same name (see {@link #sameGivenName}). Such a pair is never merged.
     */
    static boolean twinLike(Prepared a, Prepared b) {
        if (!a.hasDob() || a.dobEpochDay != b.dobEpochDay || a.first == null || b.first == null) {
            return false;
        }
        int f = family(a, b);
        if (f != Field.FAMILY_EXACT && f != Field.FAMILY_PART) {
            return false;
        }
        int addr = address(a, b);
        if (addr != Field.ADDRESS_SAME && addr != Field.ADDRESS_POSTCODE && addr != Field.ADDRESS_LINE) {
            return false;
        }
        return !sameGivenName(a, b);
    }

    /**
     * Whether two records give the child the same name, judged more strictly than the scoring levels because merging
     * twins is the worst mistake: equal first names, first names that are variants in the table (or one name written
     * as two), first names one typing slip apart, first names alike in sound and within two edits, or the same given
     * names in another order. Not the same: a slip in a nickname (Ella against Isabella, via Bella), a phonetic code
     * shared by different names (Alfred and Oliver), one child's middle name as the other's first name (Vihaan Arjun
     * and Arjun Jasraj, Muhammad and Aahil Muhammad), or a variant of a middle name.
     */
    static boolean sameGivenName(Prepared a, Prepared b) {
        int level = given(a, b);
        return switch (level) {
            case 0 -> true; // no name to tell them apart
            case Field.GIVEN_ALL_EXACT, Field.GIVEN_EXACT, Field.GIVEN_EXACT_MIDDLE_DIFFERS -> true;
            case Field.GIVEN_OTHER -> swapped(a, b);
            case Field.GIVEN_VARIANT ->
                contains(a.firstVariants, b.first)
                        || contains(b.firstVariants, a.first)
                        || a.first.equals(b.joinedGiven)
                        || b.first.equals(a.joinedGiven)
                        || (b.joinedGiven != null && contains(a.firstVariants, b.joinedGiven))
                        || (a.joinedGiven != null && contains(b.firstVariants, a.joinedGiven));
            case Field.GIVEN_PHONETIC -> Strings.withinEdits(a.first, b.first, 2);
            case Field.GIVEN_ONE_EDIT -> Strings.withinEdits(a.first, b.first, 1);
            default -> false;
        };
    }

    /** Each first name is among the other's given names or their variants: "Ted George" and "George Theodore". */
    private static boolean swapped(Prepared a, Prepared b) {
        return (contains(b.given, a.first) || contains(b.givenVariants, a.first))
                && (contains(a.given, b.first) || contains(a.givenVariants, b.first));
    }

    /** Two different valid NHS numbers: never the same child. */
    static boolean nhsConflict(Prepared a, Prepared b) {
        return a.nhs != null && b.nhs != null && !a.nhs.equals(b.nhs);
    }

    private static boolean contains(String[] values, String value) {
        for (String v : values) {
            if (v.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static boolean intersects(String[] xs, String[] ys) {
        for (String x : xs) {
            if (contains(ys, x)) {
                return true;
            }
        }
        return false;
    }
}
