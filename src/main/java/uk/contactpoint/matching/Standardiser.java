package uk.contactpoint.matching;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import uk.contactpoint.kernel.InvalidValueException;
import uk.contactpoint.kernel.NhsNumber;
import uk.contactpoint.kernel.Postcode;
import uk.contactpoint.kernel.Upn;

/**
 * Turns a {@link LinkageRecord} into its standard form. Thread-safe: per-name work (phonetic codes, variant lists) is
 * cached because a population repeats a few thousand names millions of times.
 */
final class Standardiser {
    private static final String[] NONE = new String[0];
    private static final Pattern NAME_SEPARATORS = Pattern.compile("[\\s\\-]+");
    private static final Pattern NOT_ALNUM = Pattern.compile("[^A-Z0-9]+");

    /** Common street-type abbreviations, so that "12 Mill Ln" and "12 MILL LANE" agree. */
    private static final Map<String, String> STREET_WORDS = Map.ofEntries(
            Map.entry("RD", "ROAD"),
            Map.entry("LN", "LANE"),
            Map.entry("AVE", "AVENUE"),
            Map.entry("AV", "AVENUE"),
            Map.entry("CL", "CLOSE"),
            Map.entry("DR", "DRIVE"),
            Map.entry("CRES", "CRESCENT"),
            Map.entry("GDNS", "GARDENS"),
            Map.entry("GRN", "GREEN"),
            Map.entry("GR", "GROVE"),
            Map.entry("PL", "PLACE"),
            Map.entry("SQ", "SQUARE"),
            Map.entry("TER", "TERRACE"),
            Map.entry("TERR", "TERRACE"));

    private final NameVariants variants;
    private final Map<String, String> phoneticCache = new ConcurrentHashMap<>();
    private final Map<String, String[]> variantCache = new ConcurrentHashMap<>();
    private final Map<String, String> sources = new ConcurrentHashMap<>();

    Standardiser(NameVariants variants) {
        this.variants = variants;
    }

    Prepared prepare(LinkageRecord r) {
        String[] given = givenNames(r.givenNames());
        String first = given.length == 0 ? null : given[0];
        String family = emptyToNull(Standardise.nameKey(r.familyName()));
        String[] parts = familyParts(r.familyName(), family);
        List<String> former = new ArrayList<>();
        for (String f : r.formerFamilyNames()) {
            String k = Standardise.nameKey(f);
            if (!k.isEmpty() && !k.equals(family)) {
                former.add(k);
            }
        }
        LocalDate dob = r.dateOfBirth();
        String postcode = null;
        String sector = null;
        String district = null;
        Postcode pc = postcode(r.postcode());
        if (pc != null) {
            postcode = pc.value();
            sector = pc.sector();
            district = pc.district();
        }
        return new Prepared(
                r,
                sources.computeIfAbsent(r.source(), s -> s),
                given,
                first == null ? null : phonetic(first),
                first == null ? NONE : variantsOf(first),
                allVariants(given),
                family,
                parts,
                family == null ? null : phonetic(family),
                former.toArray(NONE),
                dob == null ? Prepared.NO_DATE : (int) dob.toEpochDay(),
                dob == null ? 0 : dob.getYear(),
                dob == null ? 0 : dob.getMonthValue(),
                dob == null ? 0 : dob.getDayOfMonth(),
                gender(r.gender()),
                postcode,
                sector,
                district,
                address(r.addressLine1(), r.addressLine2()),
                nhs(r.nhsNumber()),
                upn(r.upn()));
    }

    /** Given names folded one by one, in order; "Mary-Jane" stays one name (MARYJANE). */
    static String[] givenNames(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        List<String> out = new ArrayList<>(3);
        for (String word : text.strip().split("\\s+")) {
            String k = Standardise.nameKey(word);
            if (!k.isEmpty()) {
                out.add(k);
            }
        }
        return out.toArray(NONE);
    }

    /**
     * The parts of a multi-part family name, each kept as an alternative: Smith-Jones gives SMITH and JONES, so that
     * a source that kept only one part still agrees. Parts of one letter (the O of "O Brien") are not names.
     */
    static String[] familyParts(String text, String whole) {
        if (text == null || whole == null) {
            return NONE;
        }
        Set<String> parts = new LinkedHashSet<>();
        for (String word : NAME_SEPARATORS.split(text.strip())) {
            String k = Standardise.nameKey(word);
            if (k.length() >= 2 && !k.equals(whole)) {
                parts.add(k);
            }
        }
        return parts.size() < 2 ? NONE : parts.toArray(NONE);
    }

    String phonetic(String key) {
        return phoneticCache.computeIfAbsent(key, Standardise::phonetic);
    }

    private String[] variantsOf(String key) {
        return variantCache.computeIfAbsent(key, k -> {
            Set<String> out = new LinkedHashSet<>();
            for (String v : variants.variantsOf(k)) {
                String vk = Standardise.nameKey(v);
                if (!vk.isEmpty() && !vk.equals(k)) {
                    out.add(vk);
                }
            }
            return out.toArray(NONE);
        });
    }

    private String[] allVariants(String[] given) {
        if (given.length <= 1) {
            return given.length == 0 ? NONE : variantsOf(given[0]);
        }
        Set<String> out = new LinkedHashSet<>();
        for (String g : given) {
            out.addAll(List.of(variantsOf(g)));
        }
        return out.toArray(NONE);
    }

    static Postcode postcode(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Postcode.of(text);
        } catch (InvalidValueException e) {
            return null; // an unreadable postcode is no evidence either way
        }
    }

    /** Address lines joined, upper case, punctuation gone and street types spelt out: "FLAT 3 12 MILL LANE". */
    static String address(String line1, String line2) {
        String joined = (line1 == null ? "" : line1) + " " + (line2 == null ? "" : line2);
        String folded = NOT_ALNUM
                .matcher(Standardise.foldAccents(joined).toUpperCase(Locale.ROOT))
                .replaceAll(" ")
                .strip();
        if (folded.isEmpty()) {
            return null;
        }
        StringBuilder out = new StringBuilder(folded.length() + 8);
        for (String word : folded.split(" ")) {
            if (!out.isEmpty()) {
                out.append(' ');
            }
            out.append(STREET_WORDS.getOrDefault(word, word));
        }
        return out.toString();
    }

    static byte gender(String text) {
        if (text == null) {
            return 0;
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "male", "m" -> 1;
            case "female", "f" -> 2;
            case "other", "o" -> 3;
            default -> 0; // unknown, not specified: no evidence
        };
    }

    static String nhs(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return NhsNumber.of(text).value();
        } catch (InvalidValueException e) {
            return null; // an invalid number identifies nobody
        }
    }

    static String upn(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Upn.of(text).value();
        } catch (InvalidValueException e) {
            return null;
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
