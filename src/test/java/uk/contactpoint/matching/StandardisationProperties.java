package uk.contactpoint.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Standardisation: what must not change a comparison, for any name, postcode, address or date. */
class StandardisationProperties {

    @Provide
    Arbitrary<String> names() {
        // Latin letters with the accents sources strip or keep, upper and lower case, 2-12 long.
        return Arbitraries.strings()
                .withChars("abcdefghijklmnopqrstuvwxyzáéíóúäëïöüçñłøśżźćęą")
                .ofMinLength(2)
                .ofMaxLength(12)
                .map(s -> s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1));
    }

    @Provide
    Arbitrary<String> postcodes() {
        Arbitrary<String> area = Arbitraries.of("L", "M", "B", "LS", "NG", "HP", "BD", "SW", "E", "N");
        Arbitrary<Integer> district = Arbitraries.integers().between(1, 20);
        Arbitrary<Integer> sector = Arbitraries.integers().between(0, 9);
        Arbitrary<String> unit =
                Arbitraries.strings().withChars("ABDEFGHJLNPQRSTUWXYZ").ofLength(2);
        return Combinators.combine(area, district, sector, unit).as((a, d, s, u) -> a + d + " " + s + u);
    }

    private static Prepared given(String given) {
        return Records.child().given(given).prepared();
    }

    private static Prepared family(String family) {
        return Records.child().family(family).prepared();
    }

    @Property
    void case_and_accents_never_change_a_name_comparison(@ForAll("names") String name) {
        String plain = Standardise.foldAccents(name).toUpperCase(Locale.ROOT);
        assertThat(Comparisons.given(given(name), given(plain))).isEqualTo(Field.GIVEN_EXACT);
        assertThat(Comparisons.family(family(name), family(plain.toLowerCase(Locale.ROOT))))
                .isEqualTo(Field.FAMILY_EXACT);
    }

    @Property
    void apostrophes_and_spaces_inside_a_family_name_are_ignored(
            @ForAll("names") String first, @ForAll("names") String second) {
        assertThat(Comparisons.family(family(first + "'" + second), family(first + " " + second)))
                .isEqualTo(Field.FAMILY_EXACT);
        assertThat(Comparisons.family(family(first + "'" + second), family(first + second)))
                .isEqualTo(Field.FAMILY_EXACT);
    }

    @Property
    void each_part_of_a_hyphenated_family_name_matches_on_its_own(
            @ForAll("names") String first, @ForAll("names") String second) {
        int level = Comparisons.family(family(first + "-" + second), family(second));
        if (Standardise.nameKey(first).equals(Standardise.nameKey(second))) {
            return; // Smith-Smith is its own case
        }
        assertThat(level).isEqualTo(Field.FAMILY_PART);
    }

    @Property
    void given_names_in_another_order_are_another_given_name(
            @ForAll("names") String first, @ForAll("names") String middle) {
        if (Standardise.nameKey(first).equals(Standardise.nameKey(middle))) {
            return;
        }
        assertThat(Comparisons.given(given(first + " " + middle), given(middle + " " + first)))
                .isEqualTo(Field.GIVEN_OTHER);
    }

    @Property
    void a_postcode_is_the_same_in_any_case_with_or_without_its_space(@ForAll("postcodes") String postcode) {
        var a = Records.child().postcode(postcode).prepared();
        var b = Records.child()
                .postcode(postcode.replace(" ", "").toLowerCase(Locale.ROOT))
                .prepared();
        assertThat(a.postcode).isEqualTo(postcode);
        assertThat(b.postcode).isEqualTo(a.postcode);
        assertThat(a.sector).isEqualTo(postcode.substring(0, postcode.indexOf(' ') + 2));
        assertThat(Comparisons.address(a, b)).isEqualTo(Field.ADDRESS_SAME);
    }

    @Property
    void an_address_standardises_once_and_for_all(
            @ForAll("names") String street, @ForAll @IntRange(min = 1, max = 300) int number) {
        String once = Standardiser.address(number + ", " + street + " Rd.", null);
        assertThat(Standardiser.address(once, null)).isEqualTo(once);
        assertThat(Standardiser.address((number + " " + street + " road").toUpperCase(Locale.ROOT), null))
                .isEqualTo(once);
        assertThat(once).matches("[A-Z0-9 ]+");
    }

    @Property
    void a_day_and_month_transposition_is_recognised_for_any_date(
            @ForAll @IntRange(min = 1995, max = 2026) int year,
            @ForAll @IntRange(min = 1, max = 12) int month,
            @ForAll @IntRange(min = 1, max = 12) int day) {
        if (day == month) {
            return;
        }
        LocalDate date = LocalDate.of(year, month, day);
        LocalDate swapped = LocalDate.of(year, day, month);
        assertThat(Comparisons.dateOfBirth(
                        Records.child().born(date.toString()).prepared(),
                        Records.child().born(swapped.toString()).prepared()))
                .isIn(Field.DOB_TRANSPOSED, Field.DOB_ONE_DAY);
    }

    @Property
    void comparing_is_symmetric(
            @ForAll("names") String given1,
            @ForAll("names") String given2,
            @ForAll("names") String family1,
            @ForAll("names") String family2) {
        var a = Records.child().given(given1 + " " + given2).family(family1).prepared();
        var b = Records.child()
                .given(given2)
                .family(family1 + "-" + family2)
                .born("2016-09-03")
                .prepared();
        assertThat(Comparisons.compare(a, b)).isEqualTo(Comparisons.compare(b, a));
        assertThat(Comparisons.twinLike(a, b)).isEqualTo(Comparisons.twinLike(b, a));
    }
}
