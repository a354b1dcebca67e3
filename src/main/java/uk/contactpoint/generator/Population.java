package uk.contactpoint.generator;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import uk.contactpoint.kernel.NhsNumber;
import uk.contactpoint.kernel.ServiceType;
import uk.contactpoint.kernel.Upn;

/**
 * The true population: households of children as they really are. The feeds are views of it, each partial and
 * imperfect. Built sequentially from one seeded random source, so it is the same for the same seed.
 */
final class Population {

    record Address(String line1, String town, String postcode, String uprn) {}

    record Person(String givenName, String familyName, String relationship, String phone, String email) {
        String name() {
            return givenName + " " + familyName;
        }
    }

    record Organisation(String code, String name, int establishmentNumber) {}

    record Involvement(
            ServiceType type,
            Organisation organisation,
            Person practitioner,
            LocalDate startDate,
            boolean leadProfessional,
            LocalDate cafDate,
            boolean consentRecorded) {}

    /** A household: where children live (and lived before a move), and who cares for them. */
    record Household(
            Places.Authority authority,
            String community,
            Address current,
            Address previous,
            boolean noFixedAbode,
            Person mother,
            Person father) {}

    /** A child as it really is. {@code index} is also its truth id. */
    record Child(
            int index,
            Household home,
            List<String> givenNames,
            String familyName,
            String formerFamilyName,
            LocalDate dateOfBirth,
            boolean male,
            String nhsNumber,
            String upn,
            Organisation school,
            LocalDate schoolStart,
            Organisation gp,
            LocalDate dateOfDeath,
            Involvement involvement,
            boolean twin) {

        String truthId() {
            return String.format(Locale.ROOT, "C%08d", index);
        }

        int ageOn(LocalDate date) {
            return dateOfBirth.until(date).getYears();
        }
    }

    final LocalDate asOf;
    final Child[] children;

    private final SplittableRandom random;
    private final NameBook names;
    private final Places places;
    private final Map<String, List<Organisation>> primaries = new HashMap<>();
    private final Map<String, List<Organisation>> secondaries = new HashMap<>();
    private final Map<String, List<Organisation>> practices = new HashMap<>();
    private final Map<String, Integer> upnSerials = new HashMap<>();
    private final int size;
    private int nextNhsBase;
    private int nextUrn = 100000;
    private int nextUprn = 1;

    Population(int size, long seed, LocalDate asOf, NameBook names, Places places) {
        this.asOf = asOf;
        this.random = new SplittableRandom(seed);
        this.names = names;
        this.places = places;
        this.children = new Child[size];
        this.size = size;
        this.nextNhsBase = 600_000_000 + random.nextInt(50_000_000);
        int index = 0;
        while (index < size) {
            index = addHousehold(index, size);
        }
    }

    private int addHousehold(int index, int size) {
        Places.Authority authority = places.authorities.draw(random);
        String community = authority.communities().draw(random);
        String district = authority.districts()[random.nextInt(authority.districts().length)];
        boolean noFixedAbode = random.nextDouble() < 0.002;
        Address current = address(authority, district);
        // About one family in twelve moved recently: some sources still hold the old address.
        Address previous = random.nextDouble() < 0.08
                ? address(
                        authority,
                        random.nextDouble() < 0.6
                                ? district
                                : authority.districts()[random.nextInt(authority.districts().length)])
                : null;
        String fatherFamily = names.family(community).draw(random);
        String motherFamily = random.nextDouble() < 0.55
                ? fatherFamily
                : names.family(community).draw(random);
        boolean kinship = random.nextDouble() < 0.02;
        Person mother = random.nextDouble() < 0.97
                ? person(community, false, motherFamily, kinship ? "grandmother" : "mother")
                : null;
        Person father = mother == null || random.nextDouble() < 0.75
                ? person(community, true, fatherFamily, random.nextDouble() < 0.05 ? "step-father" : "father")
                : null;
        String childrenFamily = father != null && random.nextDouble() < 0.85 ? fatherFamily : motherFamily;
        if (father != null && mother != null && !fatherFamily.equals(motherFamily) && random.nextDouble() < 0.08) {
            childrenFamily = motherFamily + "-" + fatherFamily;
        }
        var household = new Household(authority, community, current, previous, noFixedAbode, mother, father);
        boolean socialCare = random.nextDouble() < 0.035;

        double r = random.nextDouble();
        int births = r < 0.40 ? 1 : r < 0.78 ? 2 : r < 0.93 ? 3 : 4;
        LocalDate dob = birthDate();
        for (int b = 0; b < births && index < size; b++) {
            if (b > 0) {
                dob = dob.minusDays(300 + random.nextInt(1500));
                if (dob.isBefore(asOf.minusYears(18))) {
                    dob = dob.plusDays(300L * births + 2000);
                    if (dob.isAfter(asOf)) {
                        break;
                    }
                }
            }
            // About 1.5% of births are twins, so about 3% of children are twins.
            int multiples = random.nextDouble() < 0.015 ? 2 : 1;
            List<String> usedGiven = new ArrayList<>();
            for (int m = 0; m < multiples && index < size; m++) {
                children[index] = child(index, household, childrenFamily, dob, usedGiven, multiples > 1, socialCare);
                index++;
            }
        }
        return index;
    }

    private LocalDate birthDate() {
        // Mostly under 18; about 4% are 18-24 and stay on (care leavers, young people with SEND).
        int maxDays = random.nextDouble() < 0.04 ? 25 * 365 - 2 : 18 * 365 - 1;
        int minDays = maxDays > 18 * 365 ? 18 * 365 + 1 : 0;
        return asOf.minusDays(minDays + random.nextInt(maxDays - minDays + 1));
    }

    private Child child(
            int index,
            Household home,
            String family,
            LocalDate dob,
            List<String> siblingsGiven,
            boolean twin,
            boolean socialCareFamily) {
        boolean male = random.nextDouble() < 0.512;
        String first;
        do {
            first = names.given(home.community(), male).draw(random);
        } while (siblingsGiven.contains(first));
        siblingsGiven.add(first);
        List<String> given = new ArrayList<>(List.of(first));
        if (random.nextDouble() < 0.55) {
            String middle = names.given(home.community(), male).draw(random);
            if (!middle.equals(first)) {
                given.add(middle);
            }
        }
        String former = null;
        if (random.nextDouble() < 0.03) {
            former = names.family(home.community()).draw(random);
            if (former.equals(family)) {
                former = null;
            }
        }
        int age = dob.until(asOf).getYears();
        String authority = home.authority().code();
        Organisation school = null;
        LocalDate schoolStart = null;
        String upn = null;
        if (age >= 4) {
            int entryYear = dob.plusYears(4).getMonthValue() >= 9
                    ? dob.plusYears(5).getYear()
                    : dob.plusYears(4).getYear();
            Organisation primary = pick(primaries, authority, "Primary School", 2000);
            upn = upn(authority, primary, entryYear);
            if (age < 11) {
                school = primary;
                schoolStart = LocalDate.of(entryYear, 9, 1);
            } else if (age < 18) {
                school = pick(secondaries, authority, "Academy", 4000);
                schoolStart = LocalDate.of(entryYear + 7, 9, 1);
            }
        }
        LocalDate death = random.nextDouble() < 0.0003
                ? dob.plusDays(random.nextLong(dob.until(asOf).toTotalMonths() * 30 + 1))
                : null;
        if (death != null && death.isAfter(asOf)) {
            death = asOf;
        }
        Involvement involvement = socialCareFamily || random.nextDouble() < 0.02 ? involvement(home, age) : null;
        return new Child(
                index,
                home,
                List.copyOf(given),
                family,
                former,
                dob,
                male,
                nhsNumber(),
                upn,
                school,
                schoolStart,
                pick(practices, authority, "Medical Practice", 0),
                death,
                involvement,
                twin);
    }

    private Involvement involvement(Household home, int age) {
        double r = random.nextDouble();
        ServiceType type;
        if (r < 0.04) {
            type = ServiceType.MENTAL_HEALTH;
        } else if (r < 0.05 && age >= 12) {
            type = ServiceType.SUBSTANCE_MISUSE;
        } else if (r < 0.12 && age >= 10) {
            type = ServiceType.YOUTH_OFFENDING;
        } else if (r < 0.16 && age < 5) {
            type = ServiceType.EARLY_YEARS;
        } else {
            type = ServiceType.SOCIAL_CARE;
        }
        var authority = home.authority();
        Person worker =
                person("british", random.nextBoolean(), names.family("british").draw(random), "practitioner");
        worker = new Person(
                worker.givenName(),
                worker.familyName(),
                worker.relationship(),
                "0" + (100 + random.nextInt(900)) + " " + (100 + random.nextInt(900)) + " "
                        + (1000 + random.nextInt(9000)),
                email(
                        worker.givenName(),
                        worker.familyName(),
                        authority.name().replace(" ", "").toLowerCase(Locale.ROOT) + ".example.gov.uk"));
        var organisation = new Organisation(authority.code(), authority.name() + " Children's Services", 0);
        LocalDate start = asOf.minusDays(random.nextInt(900));
        boolean lead = random.nextDouble() < 0.5;
        LocalDate caf = random.nextDouble() < 0.3 ? start.plusDays(random.nextInt(60)) : null;
        if (caf != null && caf.isAfter(asOf)) {
            caf = asOf;
        }
        boolean consent = !type.sensitive() || random.nextDouble() < 0.75;
        return new Involvement(type, organisation, worker, start, lead, caf, consent);
    }

    private Person person(String community, boolean male, String family, String relationship) {
        String given = names.given(community, male).draw(random);
        String phone = random.nextDouble() < 0.8
                ? String.format(Locale.ROOT, "07%03d %06d", random.nextInt(1000), random.nextInt(1_000_000))
                : null;
        String email = random.nextDouble() < 0.6 ? email(given, family, "example.com") : null;
        return new Person(given, family, relationship, phone, email);
    }

    private String email(String given, String family, String domain) {
        String local = (given + "." + family).toLowerCase(Locale.ROOT).replaceAll("[^a-z.]", "");
        return local + (random.nextDouble() < 0.5 ? "" : String.valueOf(random.nextInt(100))) + "@" + domain;
    }

    private Address address(Places.Authority authority, String district) {
        String line1 = (1 + random.nextInt(180)) + " " + places.street(random);
        if (random.nextDouble() < 0.12) {
            line1 = "Flat " + (1 + random.nextInt(30)) + ", " + line1;
        }
        return new Address(
                line1,
                authority.town(),
                Places.postcode(district, random),
                String.valueOf(10_000_000_000L + nextUprn++ * 7919L));
    }

    private Organisation pick(
            Map<String, List<Organisation>> byAuthority, String authority, String kind, int firstEstablishment) {
        List<Organisation> list = byAuthority.computeIfAbsent(authority, a -> new ArrayList<>());
        // Roughly England's ratios: a primary for every ~280 pupils, a secondary for ~1,000, a practice for ~2,000.
        int wanted = switch (kind) {
            case "Primary School" -> 3 + size / 17_000;
            case "Academy" -> 1 + size / 90_000;
            default -> 2 + size / 45_000;
        };
        if (list.size() < wanted) {
            int n = list.size() + 1;
            String street = places.street(random).split(" ")[0];
            String code = kind.equals("Medical Practice")
                    ? (char) ('A' + Math.floorMod(authority.hashCode(), 26))
                            + String.format(Locale.ROOT, "%05d", 80_000 + n)
                    : String.valueOf(nextUrn++);
            list.add(new Organisation(code, street + " " + kind, firstEstablishment + n));
            return list.getLast();
        }
        return list.get(random.nextInt(list.size()));
    }

    private String upn(String authority, Organisation school, int entryYear) {
        String prefix =
                authority + String.format(Locale.ROOT, "%04d%02d", school.establishmentNumber(), entryYear % 100);
        int serial = upnSerials.merge(prefix, 1, Integer::sum);
        if (serial > 999) {
            // A school past 999 entrants in a year: allocate under the next establishment number instead.
            return upn(
                    authority,
                    new Organisation(school.code(), school.name(), school.establishmentNumber() + 500),
                    entryYear);
        }
        String digits = prefix + String.format(Locale.ROOT, "%03d", serial);
        return Upn.checkLetter(digits) + digits;
    }

    private String nhsNumber() {
        while (true) {
            String nine = String.valueOf(nextNhsBase);
            nextNhsBase += 1 + random.nextInt(7);
            int check = NhsNumber.checkDigit(nine);
            if (check >= 0) {
                return nine + check;
            }
        }
    }
}
