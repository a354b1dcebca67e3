package uk.contactpoint.matching;

/**
 * A record in its standard form, computed once so that scoring a pair never folds a string again. Missing values are
 * null (or 0 for gender, {@link #NO_DATE} for dates).
 */
final class Prepared {
    static final int NO_DATE = Integer.MIN_VALUE;

    final LinkageRecord record;
    final String key;
    final String source;
    final boolean shielded;

    /** Given names, folded, in the order sent; {@code first} is the first of them. */
    final String[] given;

    final String first;
    final String firstPhonetic;
    /** The first name's nicknames and spellings from the variant table, folded. */
    final String[] firstVariants;
    /** Nicknames and spellings of every given name. */
    final String[] givenVariants;
    /** All given names as one (ABDULRAHMAN for "Abdul Rahman"); null for a single name. */
    final String joinedGiven;

    /** The family name folded whole (SMITHJONES), its parts as alternatives (SMITH, JONES), former names. */
    final String family;

    final String[] familyParts;
    final String familyPhonetic;
    final String[] former;

    final int dobEpochDay;
    final int year;
    final int month;
    final int day;

    /** 0 when missing or unknown, else 1 male, 2 female, 3 other. */
    final byte gender;

    final String postcode;
    final String sector;
    final String district;
    final String address;
    final String nhs;
    final String upn;

    Prepared(
            LinkageRecord record,
            String source,
            String[] given,
            String firstPhonetic,
            String[] firstVariants,
            String[] givenVariants,
            String family,
            String[] familyParts,
            String familyPhonetic,
            String[] former,
            int dobEpochDay,
            int year,
            int month,
            int day,
            byte gender,
            String postcode,
            String sector,
            String district,
            String address,
            String nhs,
            String upn) {
        this.record = record;
        this.key = record.key();
        this.source = source;
        this.shielded = record.shielded();
        this.given = given;
        this.first = given.length == 0 ? null : given[0];
        this.firstPhonetic = firstPhonetic;
        this.firstVariants = firstVariants;
        this.givenVariants = givenVariants;
        this.joinedGiven = given.length > 1 ? String.join("", given) : null;
        this.family = family;
        this.familyParts = familyParts;
        this.familyPhonetic = familyPhonetic;
        this.former = former;
        this.dobEpochDay = dobEpochDay;
        this.year = year;
        this.month = month;
        this.day = day;
        this.gender = gender;
        this.postcode = postcode;
        this.sector = sector;
        this.district = district;
        this.address = address;
        this.nhs = nhs;
        this.upn = upn;
    }

    boolean hasDob() {
        return dobEpochDay != NO_DATE;
    }
}
