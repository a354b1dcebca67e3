package uk.contactpoint.generator;

import static uk.contactpoint.feeds.FeedColumn.*;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import uk.contactpoint.feeds.FeedColumn;
import uk.contactpoint.generator.Population.Child;

/**
 * The four sources the generator writes, each a partial and imperfect view of the population with its own habits:
 * which children it knows, which columns it sends, in what order, and how carefully.
 */
enum SourceFeed {
    HEALTH(
            "nhs-pds",
            List.of(
                    RECORD_ID,
                    NHS_NUMBER,
                    GIVEN_NAMES,
                    FAMILY_NAME,
                    FORMER_FAMILY_NAMES,
                    DATE_OF_BIRTH,
                    GENDER,
                    ADDRESS_LINE_1,
                    ADDRESS_LINE_2,
                    TOWN,
                    POSTCODE,
                    UPRN,
                    NO_FIXED_ABODE,
                    DATE_OF_DEATH,
                    SERVICE_TYPE,
                    SERVICE_ORG_CODE,
                    SERVICE_NAME,
                    SERVICE_START_DATE)),
    BENEFIT(
            "hmrc-child-benefit",
            List.of(
                    FAMILY_NAME,
                    GIVEN_NAMES,
                    DATE_OF_BIRTH,
                    GENDER,
                    RECORD_ID,
                    PARENT_1_NAME,
                    PARENT_1_RELATIONSHIP,
                    PARENT_1_PHONE,
                    ADDRESS_LINE_1,
                    ADDRESS_LINE_2,
                    TOWN,
                    POSTCODE,
                    NO_FIXED_ABODE)),
    SCHOOL(
            "dfe-school-census",
            List.of(
                    RECORD_ID,
                    UPN,
                    FAMILY_NAME,
                    GIVEN_NAMES,
                    FORMER_FAMILY_NAMES,
                    DATE_OF_BIRTH,
                    GENDER,
                    ADDRESS_LINE_1,
                    TOWN,
                    POSTCODE,
                    PARENT_1_NAME,
                    PARENT_1_RELATIONSHIP,
                    PARENT_1_PHONE,
                    PARENT_1_EMAIL,
                    PARENT_2_NAME,
                    PARENT_2_RELATIONSHIP,
                    PARENT_2_PHONE,
                    SERVICE_TYPE,
                    SERVICE_ORG_CODE,
                    SERVICE_NAME,
                    SERVICE_START_DATE)),
    SOCIAL_CARE("la-social-care", List.of(FeedColumn.values()));

    final String sourceCode;
    final List<FeedColumn> columns;

    SourceFeed(String sourceCode, List<FeedColumn> columns) {
        this.sourceCode = sourceCode;
        this.columns = columns;
    }

    String fileName() {
        return sourceCode + ".csv";
    }

    /** Whether this source knows the child at all. */
    boolean covers(Child child, LocalDate asOf, RandomGenerator random) {
        int age = child.ageOn(asOf);
        return switch (this) {
            // About 2.5% of children are not registered with a GP.
            case HEALTH -> random.nextDouble() < 0.975;
            // Child benefit: under 16, or 16-19 in education; a claim stops at death; not every family claims.
            case BENEFIT ->
                child.dateOfDeath() == null
                        && (age < 16 ? random.nextDouble() < 0.93 : age < 20 && random.nextDouble() < 0.6);
            // The census covers state schools: about 93% of pupils.
            case SCHOOL -> child.school() != null && child.dateOfDeath() == null && random.nextDouble() < 0.93;
            case SOCIAL_CARE -> child.involvement() != null;
        };
    }

    /** The source's own id for the child: a scrambled serial that reveals nothing of the population's order. */
    String recordId(Child child, long seed) {
        long scrambled = Math.floorMod(
                child.index() * 2_654_435_761L + Math.floorMod(seed * 31 + ordinal(), 1_000_000_000L), 1_000_000_000L);
        String digits = String.format("%09d", scrambled);
        return switch (this) {
            case HEALTH -> "PDS" + digits;
            case BENEFIT -> "CHB" + digits;
            case SCHOOL -> "PUP" + digits;
            case SOCIAL_CARE -> child.home().authority().code() + "-" + digits;
        };
    }

    /** The row this source sends for the child, with the source's habits and mistakes. */
    Map<FeedColumn, String> render(Child child, String recordId, LocalDate asOf, Noise noise, RandomGenerator r) {
        Map<FeedColumn, String> row = new EnumMap<>(FeedColumn.class);
        row.put(RECORD_ID, recordId);
        names(child, noise, r, row);
        row.put(DATE_OF_BIRTH, noise.dateOfBirth(child.dateOfBirth(), asOf, r).toString());
        if (!noise.happens(r, this == BENEFIT ? 0.02 : 0.005)) {
            row.put(
                    GENDER,
                    this == BENEFIT || this == SCHOOL
                            ? (child.male() ? "M" : "F")
                            : (child.male() ? "male" : "female"));
        } else if (r.nextBoolean()) {
            row.put(GENDER, "unknown");
        }
        address(child, noise, r, row);
        switch (this) {
            case HEALTH -> {
                String nhs = child.nhsNumber();
                row.put(
                        NHS_NUMBER,
                        r.nextDouble() < 0.3
                                ? nhs.substring(0, 3) + " " + nhs.substring(3, 6) + " " + nhs.substring(6)
                                : nhs);
                if (child.dateOfDeath() != null) {
                    row.put(DATE_OF_DEATH, child.dateOfDeath().toString());
                }
                row.put(SERVICE_TYPE, "gp");
                row.put(SERVICE_ORG_CODE, child.gp().code());
                row.put(SERVICE_NAME, child.gp().name());
                LocalDate registered = child.dateOfBirth().plusDays(14 + r.nextInt(60));
                row.put(SERVICE_START_DATE, (registered.isAfter(asOf) ? asOf : registered).toString());
            }
            case BENEFIT -> carers(child, r, row, false);
            case SCHOOL -> {
                row.put(UPN, child.upn());
                carers(child, r, row, true);
                row.put(SERVICE_TYPE, "school");
                row.put(SERVICE_ORG_CODE, child.school().code());
                row.put(SERVICE_NAME, child.school().name());
                row.put(SERVICE_START_DATE, child.schoolStart().toString());
            }
            case SOCIAL_CARE -> {
                if (r.nextDouble() < 0.7) {
                    row.put(NHS_NUMBER, child.nhsNumber());
                }
                if (child.upn() != null && r.nextDouble() < 0.2) {
                    row.put(UPN, child.upn());
                }
                if (child.dateOfDeath() != null) {
                    row.put(DATE_OF_DEATH, child.dateOfDeath().toString());
                }
                carers(child, r, row, true);
                var involvement = child.involvement();
                row.put(SERVICE_TYPE, involvement.type().feedCode());
                row.put(SERVICE_ORG_CODE, involvement.organisation().code());
                row.put(SERVICE_NAME, involvement.organisation().name());
                row.put(PRACTITIONER_NAME, involvement.practitioner().name());
                row.put(PRACTITIONER_PHONE, involvement.practitioner().phone());
                row.put(PRACTITIONER_EMAIL, involvement.practitioner().email());
                row.put(SERVICE_START_DATE, involvement.startDate().toString());
                if (involvement.leadProfessional()) {
                    row.put(LEAD_PROFESSIONAL, "true");
                }
                if (involvement.cafDate() != null) {
                    row.put(CAF_COMPLETED_DATE, involvement.cafDate().toString());
                }
                if (involvement.type().sensitive()) {
                    row.put(CONSENT_RECORDED, involvement.consentRecorded() ? "true" : "false");
                }
            }
        }
        row.keySet().retainAll(columns);
        return row;
    }

    private void names(Child child, Noise noise, RandomGenerator r, Map<FeedColumn, String> row) {
        List<String> given = child.givenNames();
        // Schools and social workers use the name a child is known by; the registers use the registered name.
        double knownAs = switch (this) {
            case SCHOOL -> 0.10;
            case SOCIAL_CARE -> 0.08;
            case HEALTH -> 0.02;
            case BENEFIT -> 0.01;
        };
        String first = noise.happens(r, knownAs) ? noise.variant(given.getFirst(), r) : given.getFirst();
        double keepsMiddle = switch (this) {
            case HEALTH -> 0.85;
            case BENEFIT -> 0.9;
            case SCHOOL -> 0.4;
            case SOCIAL_CARE -> 0.6;
        };
        String givenText = given.size() > 1 && r.nextDouble() < keepsMiddle
                ? (noise.happens(r, 0.005) ? given.get(1) + " " + first : first + " " + given.get(1))
                : first;
        if (noise.happens(r, 0.015)) {
            givenText = noise.typo(givenText, r);
        }

        String family = child.familyName();
        String former = child.formerFamilyName();
        if (former != null) {
            // The benefit claim often still holds the old name; the others mostly know of the change.
            boolean stale = r.nextDouble() < (this == BENEFIT ? 0.6 : 0.2);
            if (stale) {
                family = former;
            } else if (r.nextDouble() < 0.5) {
                row.put(FORMER_FAMILY_NAMES, former);
            }
        }
        if (family.contains("-") && noise.happens(r, 0.25)) {
            family = Noise.partOfHyphenated(family, r);
        }
        if (family.contains("'") && noise.happens(r, this == BENEFIT || this == SCHOOL ? 0.35 : 0.1)) {
            family = Noise.dropPunctuation(family, r);
        }
        if (noise.happens(r, 0.01)) {
            family = noise.typo(family, r);
        }
        double plainAscii = switch (this) {
            case BENEFIT -> 1.0;
            case SCHOOL -> 0.5;
            case HEALTH -> 0.3;
            case SOCIAL_CARE -> 0.2;
        };
        if (r.nextDouble() < plainAscii) {
            givenText = Noise.stripAccents(givenText);
            family = Noise.stripAccents(family);
        }
        if (this == BENEFIT ? r.nextDouble() < 0.4 : noise.happens(r, 0.03)) {
            givenText = Noise.upper(givenText);
            family = Noise.upper(family);
        }
        row.put(GIVEN_NAMES, givenText);
        row.put(FAMILY_NAME, family);
    }

    private void address(Child child, Noise noise, RandomGenerator r, Map<FeedColumn, String> row) {
        var home = child.home();
        if (home.noFixedAbode()) {
            row.put(NO_FIXED_ABODE, "true");
            return;
        }
        if (noise.happens(r, 0.015)) {
            return;
        }
        double staleRate = switch (this) {
            case BENEFIT -> 0.5;
            case HEALTH -> 0.4;
            case SCHOOL -> 0.2;
            case SOCIAL_CARE -> 0.1;
        };
        var address = home.previous() != null && r.nextDouble() < staleRate ? home.previous() : home.current();
        String line1 = address.line1();
        int comma = line1.indexOf(", ");
        if (comma > 0 && (this == HEALTH || this == SOCIAL_CARE)) {
            row.put(ADDRESS_LINE_1, line1.substring(0, comma));
            row.put(ADDRESS_LINE_2, line1.substring(comma + 2));
        } else {
            row.put(ADDRESS_LINE_1, this == BENEFIT ? Noise.upper(line1) : line1);
        }
        row.put(TOWN, this == BENEFIT ? Noise.upper(address.town()) : address.town());
        if (!noise.happens(r, 0.01)) {
            row.put(POSTCODE, Noise.postcodeAsTyped(address.postcode(), r));
        }
        if (this == HEALTH ? r.nextDouble() < 0.5 : this == SOCIAL_CARE && r.nextDouble() < 0.3) {
            row.put(UPRN, address.uprn());
        }
    }

    private static void carers(Child child, RandomGenerator r, Map<FeedColumn, String> row, boolean both) {
        var home = child.home();
        Population.Person first = home.mother() != null ? home.mother() : home.father();
        Population.Person second = home.mother() != null ? home.father() : null;
        put(first, r, row, PARENT_1_NAME, PARENT_1_RELATIONSHIP, PARENT_1_PHONE, PARENT_1_EMAIL);
        if (both && second != null && r.nextDouble() < 0.8) {
            put(second, r, row, PARENT_2_NAME, PARENT_2_RELATIONSHIP, PARENT_2_PHONE, PARENT_2_EMAIL);
        }
    }

    private static void put(
            Population.Person person,
            RandomGenerator r,
            Map<FeedColumn, String> row,
            FeedColumn name,
            FeedColumn relationship,
            FeedColumn phone,
            FeedColumn email) {
        if (person == null) {
            return;
        }
        row.put(name, person.name());
        row.put(relationship, person.relationship());
        if (person.phone() != null && r.nextDouble() < 0.85) {
            row.put(phone, person.phone());
        }
        if (person.email() != null) {
            row.put(email, person.email());
        }
    }
}
