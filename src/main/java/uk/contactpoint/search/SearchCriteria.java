package uk.contactpoint.search;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import uk.contactpoint.kernel.InvalidValueException;
import uk.contactpoint.kernel.NhsNumber;
import uk.contactpoint.kernel.Postcode;
import uk.contactpoint.kernel.Upn;
import uk.contactpoint.matching.Standardise;

/**
 * What a practitioner searches by, checked so that a search points at one child rather than browsing: a family name
 * and a date of birth, a birth year, an age range or a postcode (or its district); or an exact NHS number or UPN.
 * Names are letters only: no wildcards. A date of birth is full, or a year, or an age range of at most {@link
 * #MAX_AGE_SPAN} years. Absent values are null.
 *
 * @param bornFrom with {@code bornTo}: the dates of birth a birth year or age range allows (null for a full date)
 */
public record SearchCriteria(
        String familyName,
        String givenName,
        LocalDate dateOfBirth,
        LocalDate bornFrom,
        LocalDate bornTo,
        Postcode postcode,
        String district,
        NhsNumber nhsNumber,
        Upn upn) {

    /** The oldest a child in the directory can be: records stay until 25 for young people who agree. */
    static final int MAX_AGE = 25;

    static final int MAX_AGE_SPAN = 3;

    private static final Pattern NAME = Pattern.compile("[\\p{L}][\\p{L}\\p{M} '’.\\-]*");
    private static final Pattern DISTRICT = Pattern.compile("[A-PR-UWYZ][A-HK-Y]?[0-9][0-9A-Z]?");

    static final String MINIMUM =
            "Enter a family name and a date of birth, birth year, age range or postcode;" + " or an NHS number or UPN";

    /** The form's fields as typed: any may be null or blank. */
    public record Input(
            String familyName,
            String givenName,
            String dateOfBirth,
            String birthYear,
            String ageFrom,
            String ageTo,
            String postcode,
            String nhsNumber,
            String upn) {

        public boolean isEmpty() {
            return blank(familyName)
                    && blank(givenName)
                    && blank(dateOfBirth)
                    && blank(birthYear)
                    && blank(ageFrom)
                    && blank(ageTo)
                    && blank(postcode)
                    && blank(nhsNumber)
                    && blank(upn);
        }
    }

    public SearchCriteria {
        boolean identifier = nhsNumber != null || upn != null;
        boolean when = dateOfBirth != null || bornFrom != null;
        boolean where = postcode != null || district != null;
        if (!identifier && (familyName == null || (!when && !where))) {
            throw new SearchRefusedException(familyName == null ? "familyName" : "dateOfBirth", MINIMUM);
        }
        if ((bornFrom == null) != (bornTo == null) || (dateOfBirth != null && bornFrom != null)) {
            throw new IllegalArgumentException("a full date of birth, or a range of dates, not both");
        }
        if (postcode != null && district != null) {
            throw new IllegalArgumentException("a postcode or a district, not both");
        }
    }

    /** Reads and checks what was typed; refuses with the field and a message a person can act on. */
    public static SearchCriteria of(Input in, LocalDate today) {
        String family = name(in.familyName(), "familyName", "family name", 2);
        String given = name(in.givenName(), "givenName", "given name", 1);
        LocalDate dob = null;
        LocalDate from = null;
        LocalDate to = null;
        int ways = (blank(in.dateOfBirth()) ? 0 : 1)
                + (blank(in.birthYear()) ? 0 : 1)
                + (blank(in.ageFrom()) && blank(in.ageTo()) ? 0 : 1);
        if (ways > 1) {
            throw new SearchRefusedException(
                    "dateOfBirth", "Enter a date of birth, a birth year or an age range, not more than one");
        }
        LocalDate earliest = today.minusYears(MAX_AGE + 1).plusDays(1);
        if (!blank(in.dateOfBirth())) {
            try {
                dob = LocalDate.parse(in.dateOfBirth().strip());
            } catch (DateTimeParseException e) {
                throw new SearchRefusedException("dateOfBirth", "Enter a real date of birth");
            }
            if (dob.isAfter(today) || dob.isBefore(earliest)) {
                throw new SearchRefusedException(
                        "dateOfBirth", "The date of birth must be in the last " + MAX_AGE + " years");
            }
        } else if (!blank(in.birthYear())) {
            int year = number(in.birthYear(), "birthYear", "The birth year must be a year, like 2015");
            if (year > today.getYear() || year < earliest.getYear()) {
                throw new SearchRefusedException(
                        "birthYear", "The birth year must be in the last " + MAX_AGE + " years");
            }
            from = LocalDate.of(year, 1, 1);
            to = LocalDate.of(year, 12, 31);
        } else if (ways == 1) {
            if (blank(in.ageFrom()) || blank(in.ageTo())) {
                throw new SearchRefusedException("ageFrom", "Enter both ends of the age range");
            }
            int young = number(in.ageFrom(), "ageFrom", "Ages must be whole numbers of years");
            int old = number(in.ageTo(), "ageTo", "Ages must be whole numbers of years");
            if (young < 0 || old > MAX_AGE || young > old) {
                throw new SearchRefusedException(
                        "ageFrom", "Enter an age range from 0 to " + MAX_AGE + ", the younger age first");
            }
            if (old - young > MAX_AGE_SPAN) {
                throw new SearchRefusedException("ageFrom", "An age range can span at most " + MAX_AGE_SPAN + " years");
            }
            // Aged `young` today: born at most `young` years ago; aged `old`: born less than old + 1 years ago.
            from = today.minusYears(old + 1L).plusDays(1);
            to = today.minusYears(young);
        }
        Postcode postcode = null;
        String district = null;
        if (!blank(in.postcode())) {
            String typed = in.postcode().strip().toUpperCase(Locale.ROOT);
            String compact = typed.replaceAll("\\s+", "");
            // A district is typed alone ("LS6"); with a space after it, the rest must be a whole inward code.
            if (!typed.contains(" ") && DISTRICT.matcher(compact).matches()) {
                district = compact;
            } else {
                try {
                    postcode = Postcode.of(compact);
                } catch (InvalidValueException e) {
                    throw new SearchRefusedException(
                            "postcode", "Enter a full postcode or a postcode district, like LS6 2AB or LS6");
                }
            }
        }
        NhsNumber nhs = null;
        if (!blank(in.nhsNumber())) {
            try {
                nhs = NhsNumber.of(in.nhsNumber());
            } catch (InvalidValueException e) {
                throw new SearchRefusedException("nhsNumber", "Enter a whole, valid 10-digit NHS number");
            }
        }
        Upn upn = null;
        if (!blank(in.upn())) {
            try {
                upn = Upn.of(in.upn());
            } catch (InvalidValueException e) {
                throw new SearchRefusedException("upn", "Enter a whole, valid 13-character UPN");
            }
        }
        return new SearchCriteria(family, given, dob, from, to, postcode, district, nhs, upn);
    }

    /** A search by NHS number or UPN: exact, whatever else is given. */
    public boolean byIdentifier() {
        return nhsNumber != null || upn != null;
    }

    /** The criteria as the audit records them: only what was given. */
    public String describe() {
        Map<String, Object> parts = new LinkedHashMap<>();
        parts.put("familyName", familyName);
        parts.put("givenName", givenName);
        parts.put("dateOfBirth", dateOfBirth);
        parts.put("bornFrom", bornFrom);
        parts.put("bornTo", bornTo);
        parts.put("postcode", postcode);
        parts.put("district", district);
        parts.put("nhsNumber", nhsNumber);
        parts.put("upn", upn);
        StringBuilder out = new StringBuilder();
        parts.forEach((k, v) -> {
            if (v != null) {
                out.append(out.isEmpty() ? "" : " ").append(k).append('=').append(v);
            }
        });
        return out.toString();
    }

    private static String name(String text, String field, String label, int minimumLetters) {
        if (blank(text)) {
            return null;
        }
        String name = text.strip().replaceAll("\\s+", " ");
        if (name.length() > 100 || !NAME.matcher(name).matches()) {
            throw new SearchRefusedException(
                    field, "The " + label + " can only have letters, spaces, hyphens and apostrophes");
        }
        if (Standardise.nameKey(name).length() < minimumLetters) {
            throw new SearchRefusedException(field, "Enter the whole " + label);
        }
        return name;
    }

    private static int number(String text, String field, String message) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new SearchRefusedException(field, message);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
