package uk.contactpoint.matching;

import java.util.List;

/**
 * The comparisons the model scores, each with ordered levels from strongest agreement to disagreement, as Splink
 * arranges them: a pair takes the first level it satisfies. Level 0 is always "missing" (one side has no value) and
 * carries no weight. See docs/adr/0014-comparison-levels.md.
 */
enum Field {
    GIVEN_NAME(
            "given name",
            "missing",
            "exact, middle names too",
            "exact first name",
            "exact first name, middle names differ",
            "another given name",
            "nickname or variant",
            "phonetic",
            "one edit",
            "jaro-winkler >= 0.92",
            "jaro-winkler >= 0.88",
            "different"),
    FAMILY_NAME(
            "family name",
            "missing",
            "exact",
            "part of a multi-part name",
            "former name",
            "phonetic",
            "one edit",
            "jaro-winkler >= 0.92",
            "jaro-winkler >= 0.88",
            "different"),
    DATE_OF_BIRTH(
            "date of birth",
            "missing",
            "exact",
            "day and month transposed",
            "one day apart",
            "year one apart",
            "same month and year",
            "different"),
    /**
     * Postcode and first address line as one comparison: they are strongly correlated (siblings share both), so
     * scoring them as independent fields would count one fact twice.
     */
    ADDRESS(
            "address",
            "missing",
            "same address and postcode",
            "same postcode",
            "same address, other postcode",
            "same postcode sector",
            "same postcode district",
            "different"),
    GENDER("gender", "missing", "agree", "disagree"),
    NHS_NUMBER("NHS number", "missing", "agree", "disagree"),
    UPN("UPN", "missing", "agree", "disagree");

    static final List<Field> ALL = List.of(values());
    static final int COUNT = ALL.size();
    static final int BITS = 4;

    /** Given-name levels. */
    static final int GIVEN_ALL_EXACT = 1;

    static final int GIVEN_EXACT = 2;
    static final int GIVEN_EXACT_MIDDLE_DIFFERS = 3;
    static final int GIVEN_OTHER = 4;
    static final int GIVEN_VARIANT = 5;
    static final int GIVEN_PHONETIC = 6;
    static final int GIVEN_ONE_EDIT = 7;
    static final int GIVEN_JW92 = 8;
    static final int GIVEN_JW88 = 9;
    static final int GIVEN_DIFFERENT = 10;

    /** Family-name levels. */
    static final int FAMILY_EXACT = 1;

    static final int FAMILY_PART = 2;
    static final int FAMILY_FORMER = 3;
    static final int FAMILY_PHONETIC = 4;
    static final int FAMILY_ONE_EDIT = 5;
    static final int FAMILY_JW92 = 6;
    static final int FAMILY_JW88 = 7;
    static final int FAMILY_DIFFERENT = 8;

    static final int DOB_EXACT = 1;
    static final int DOB_TRANSPOSED = 2;
    static final int DOB_ONE_DAY = 3;
    static final int DOB_YEAR = 4;
    static final int DOB_MONTH_YEAR = 5;
    static final int DOB_DIFFERENT = 6;

    static final int ADDRESS_SAME = 1;
    static final int ADDRESS_POSTCODE = 2;
    static final int ADDRESS_LINE = 3;
    static final int ADDRESS_SECTOR = 4;
    static final int ADDRESS_DISTRICT = 5;
    static final int ADDRESS_DIFFERENT = 6;

    static final int AGREE = 1;
    static final int DISAGREE = 2;

    final String label;
    final List<String> levels;

    Field(String label, String... levels) {
        this.label = label;
        this.levels = List.of(levels);
    }

    int levelCount() {
        return levels.size();
    }

    /** This field's level in a packed comparison vector. */
    int of(int packed) {
        return (packed >>> (ordinal() * BITS)) & 0xF;
    }

    int pack(int level) {
        return level << (ordinal() * BITS);
    }
}
