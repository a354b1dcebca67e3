package uk.contactpoint.generator;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;
import uk.contactpoint.matching.NameVariants;
import uk.contactpoint.matching.Standardise;

/**
 * The mistakes and variations real sources make, each applied at a rate scaled by the noise level. A level of 1 is
 * the generator's default, meant to be hard but fair; 0 gives clean data.
 */
final class Noise {
    private static final String KEYBOARD_NEIGHBOURS = "qwertyuiopasdfghjklzxcvbnm";

    private final double level;
    private final NameVariants variants;

    Noise(double level, NameVariants variants) {
        this.level = level;
        this.variants = variants;
    }

    boolean happens(RandomGenerator random, double rate) {
        return random.nextDouble() < rate * level;
    }

    /** One keyboard slip: a letter dropped, doubled, swapped with its neighbour or replaced. */
    String typo(String name, RandomGenerator random) {
        if (name.length() < 3) {
            return name;
        }
        int at = 1 + random.nextInt(name.length() - 2);
        char c = name.charAt(at);
        if (!Character.isLetter(c)) {
            return name;
        }
        return switch (random.nextInt(4)) {
            case 0 -> name.substring(0, at) + name.substring(at + 1);
            case 1 -> name.substring(0, at) + c + name.substring(at);
            case 2 -> name.substring(0, at - 1) + c + name.charAt(at - 1) + name.substring(at + 1);
            default -> {
                char replacement = KEYBOARD_NEIGHBOURS.charAt(random.nextInt(KEYBOARD_NEIGHBOURS.length()));
                yield name.substring(0, at)
                        + (Character.isUpperCase(c) ? Character.toUpperCase(replacement) : replacement)
                        + name.substring(at + 1);
            }
        };
    }

    /** A nickname or spelling variant (Alfie for Alfred, Mohammed for Muhammad), when the name has one. */
    String variant(String name, RandomGenerator random) {
        List<String> options = variants.variantsOf(name);
        return options.isEmpty() ? name : options.get(random.nextInt(options.size()));
    }

    /** O'Brien as OBrien or O Brien; St John as St. John. */
    static String dropPunctuation(String name, RandomGenerator random) {
        if (name.contains("'")) {
            return name.replace("'", random.nextBoolean() ? "" : " ");
        }
        return name;
    }

    /** A hyphenated family name with only one of its parts, or a space for the hyphen. */
    static String partOfHyphenated(String name, RandomGenerator random) {
        int hyphen = name.indexOf('-');
        if (hyphen < 0) {
            return name;
        }
        return switch (random.nextInt(3)) {
            case 0 -> name.substring(0, hyphen);
            case 1 -> name.substring(hyphen + 1);
            default -> name.replace('-', ' ');
        };
    }

    static String stripAccents(String text) {
        return Standardise.foldAccents(text);
    }

    static String upper(String text) {
        return text.toUpperCase(Locale.ROOT);
    }

    /** A wrong date of birth of the kinds clerks make: day and month swapped, a day out, a year out. */
    LocalDate dateOfBirth(LocalDate dob, LocalDate asOf, RandomGenerator random) {
        LocalDate wrong = dob;
        if (happens(random, 0.004) && dob.getDayOfMonth() <= 12 && dob.getDayOfMonth() != dob.getMonthValue()) {
            wrong = LocalDate.of(dob.getYear(), dob.getDayOfMonth(), dob.getMonthValue());
        } else if (happens(random, 0.004)) {
            wrong = dob.plusDays(random.nextBoolean() ? 1 : -1);
        } else if (happens(random, 0.001)) {
            wrong = dob.plusYears(random.nextBoolean() ? 1 : -1);
        }
        return wrong.isAfter(asOf) || wrong.isBefore(LocalDate.of(1990, 1, 1)) ? dob : wrong;
    }

    /** A postcode as people type it: lower case, or without its space. */
    static String postcodeAsTyped(String postcode, RandomGenerator random) {
        return switch (random.nextInt(10)) {
            case 0 -> postcode.replace(" ", "");
            case 1 -> postcode.toLowerCase(Locale.ROOT);
            default -> postcode;
        };
    }
}
