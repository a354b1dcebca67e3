package uk.contactpoint.matching;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ComparisonLevelsTest {

    private static int given(String a, String b) {
        return Comparisons.given(
                Records.child().given(a).prepared(), Records.child().given(b).prepared());
    }

    private static int family(Records.Builder a, Records.Builder b) {
        return Comparisons.family(a.prepared(), b.prepared());
    }

    private static int family(String a, String b) {
        return family(Records.child().family(a), Records.child().family(b));
    }

    private static int dob(String a, String b) {
        return Comparisons.dateOfBirth(
                Records.child().born(a).prepared(), Records.child().born(b).prepared());
    }

    private static int address(Records.Builder a, Records.Builder b) {
        return Comparisons.address(a.prepared(), b.prepared());
    }

    @Nested
    class GivenNames {
        @Test
        void all_given_names_equal_whatever_the_case_and_accents_is_the_strongest_level() {
            assertThat(given("Amelia Rose", "AMELIA ROSE")).isEqualTo(Field.GIVEN_ALL_EXACT);
            assertThat(given("Zoë Anna", "ZOE ANNA")).isEqualTo(Field.GIVEN_ALL_EXACT);
        }

        @Test
        void the_same_first_name_with_a_middle_name_on_one_side_only_is_an_exact_first_name() {
            assertThat(given("Amelia", "Amelia Rose")).isEqualTo(Field.GIVEN_EXACT);
        }

        @Test
        void the_same_first_name_with_different_middle_names_is_its_own_weaker_level() {
            assertThat(given("Amelia Rose", "Amelia Jane")).isEqualTo(Field.GIVEN_EXACT_MIDDLE_DIFFERS);
        }

        @Test
        void another_order_or_the_middle_name_used_as_first_is_another_given_name() {
            assertThat(given("Rose Amelia", "Amelia Rose")).isEqualTo(Field.GIVEN_OTHER);
            assertThat(given("Rose", "Amelia Rose")).isEqualTo(Field.GIVEN_OTHER);
        }

        @Test
        void nicknames_and_spellings_from_the_table_are_variants() {
            assertThat(given("Alfie", "Alfred")).isEqualTo(Field.GIVEN_VARIANT);
            assertThat(given("Mohammed", "Muhammad")).isEqualTo(Field.GIVEN_VARIANT);
            assertThat(given("Abdul Rahman", "Abdirahman")).isEqualTo(Field.GIVEN_VARIANT);
            assertThat(given("Ellie", "Eleanor Grace")).isEqualTo(Field.GIVEN_VARIANT);
        }

        @Test
        void names_that_sound_alike_are_phonetic() {
            assertThat(given("Aidan", "Aiden")).isEqualTo(Field.GIVEN_PHONETIC);
        }

        @Test
        void one_typing_slip_in_the_name_or_in_a_nickname_of_it_is_one_edit() {
            assertThat(given("Oliver", "Oliwer")).isEqualTo(Field.GIVEN_ONE_EDIT);
            // Millie is a nickname of Amelia; Mlilie is Millie with two letters swapped.
            assertThat(given("Mlilie", "Amelia")).isEqualTo(Field.GIVEN_ONE_EDIT);
        }

        @Test
        void jaro_winkler_bands_catch_what_is_left() {
            assertThat(given("Thomos", "Thomson")).isEqualTo(Field.GIVEN_JW92);
            assertThat(given("Thomas", "Thompson")).isEqualTo(Field.GIVEN_JW88);
        }

        @Test
        void unrelated_names_are_different_and_a_missing_name_is_missing() {
            assertThat(given("Amelia", "Olivia")).isEqualTo(Field.GIVEN_DIFFERENT);
            assertThat(given("Amelia", null)).isZero();
            assertThat(given("Amelia", " ")).isZero();
        }
    }

    @Nested
    class FamilyNames {
        @Test
        void punctuation_spaces_and_case_fold_to_an_exact_match() {
            assertThat(family("O'Brien", "OBRIEN")).isEqualTo(Field.FAMILY_EXACT);
            assertThat(family("O'Brien", "O Brien")).isEqualTo(Field.FAMILY_EXACT);
            assertThat(family("Wójcik", "WOJCIK")).isEqualTo(Field.FAMILY_EXACT);
            assertThat(family("Smith-Jones", "Smith Jones")).isEqualTo(Field.FAMILY_EXACT);
        }

        @Test
        void each_part_of_a_multi_part_name_is_kept_as_an_alternative() {
            assertThat(family("Smith-Jones", "Jones")).isEqualTo(Field.FAMILY_PART);
            assertThat(family("Smith-Jones", "SMITH")).isEqualTo(Field.FAMILY_PART);
            assertThat(family("Smith-Jones", "Jones-Patel")).isEqualTo(Field.FAMILY_PART);
        }

        @Test
        void a_former_name_on_either_side_matches_the_other_name() {
            assertThat(family(
                            Records.child().family("Khan").former("Patel"),
                            Records.child().family("Patel")))
                    .isEqualTo(Field.FAMILY_FORMER);
            assertThat(family(
                            Records.child().family("Patel"),
                            Records.child().family("Khan").former("Patel")))
                    .isEqualTo(Field.FAMILY_FORMER);
        }

        @Test
        void phonetic_one_edit_and_jaro_winkler_levels() {
            assertThat(family("Smith", "Smyth")).isEqualTo(Field.FAMILY_PHONETIC);
            assertThat(family("Smith", "Smiht")).isEqualTo(Field.FAMILY_ONE_EDIT);
            assertThat(family("Johnston", "Jonson")).isEqualTo(Field.FAMILY_JW92);
            assertThat(family("Thomas", "Thompson")).isEqualTo(Field.FAMILY_JW88);
            assertThat(family("Smith", "Okafor")).isEqualTo(Field.FAMILY_DIFFERENT);
            assertThat(family("Smith", null)).isZero();
        }
    }

    @Nested
    class DatesOfBirth {
        @Test
        void each_kind_of_clerical_error_has_its_level() {
            assertThat(dob("2016-03-09", "2016-03-09")).isEqualTo(Field.DOB_EXACT);
            assertThat(dob("2016-03-09", "2016-09-03")).isEqualTo(Field.DOB_TRANSPOSED);
            assertThat(dob("2016-03-09", "2016-03-10")).isEqualTo(Field.DOB_ONE_DAY);
            assertThat(dob("2016-03-31", "2016-04-01")).isEqualTo(Field.DOB_ONE_DAY);
            assertThat(dob("2016-03-09", "2015-03-09")).isEqualTo(Field.DOB_YEAR);
            assertThat(dob("2016-03-09", "2016-03-20")).isEqualTo(Field.DOB_MONTH_YEAR);
            assertThat(dob("2016-03-09", "2014-07-21")).isEqualTo(Field.DOB_DIFFERENT);
            assertThat(dob("2016-03-09", null)).isZero();
        }
    }

    @Nested
    class Addresses {
        private final Records.Builder home = Records.child().postcode("LS6 2AB").address("12 Mill Lane", null);

        @Test
        void the_same_line_and_postcode_however_written_is_the_same_address() {
            assertThat(address(home, Records.child().postcode("ls62ab").address("12 MILL LANE", null)))
                    .isEqualTo(Field.ADDRESS_SAME);
            assertThat(address(home, Records.child().postcode("LS6 2AB").address("12 Mill Ln.", null)))
                    .isEqualTo(Field.ADDRESS_SAME);
            assertThat(address(
                            Records.child().address("Flat 3, 12 Mill Lane", null),
                            Records.child().address("Flat 3", "12 Mill Lane")))
                    .isEqualTo(Field.ADDRESS_SAME);
        }

        @Test
        void postcode_levels_from_full_to_district() {
            assertThat(address(home, Records.child().postcode("LS6 2AB").address("14 Mill Lane", null)))
                    .isEqualTo(Field.ADDRESS_POSTCODE);
            assertThat(address(home, Records.child().postcode("LS6 2XY").address("3 Oak Road", null)))
                    .isEqualTo(Field.ADDRESS_SECTOR);
            assertThat(address(home, Records.child().postcode("LS6 4XY").address("3 Oak Road", null)))
                    .isEqualTo(Field.ADDRESS_DISTRICT);
            assertThat(address(home, Records.child().postcode("M22 3UW").address("3 Oak Road", null)))
                    .isEqualTo(Field.ADDRESS_DIFFERENT);
        }

        @Test
        void the_same_line_under_another_postcode_is_its_own_level() {
            assertThat(address(home, Records.child().postcode("LS7 1AA").address("12 Mill Lane", null)))
                    .isEqualTo(Field.ADDRESS_LINE);
        }

        @Test
        void no_address_on_one_side_is_missing_and_an_unreadable_postcode_is_no_postcode() {
            assertThat(address(home, Records.child().postcode(null).address(null, null)))
                    .isZero();
            assertThat(address(home, Records.child().postcode("not a postcode").address(null, null)))
                    .isZero();
        }
    }

    @Test
    void gender_agrees_disagrees_or_is_missing_when_unknown() {
        var female = Records.child().gender("female").prepared();
        assertThat(Comparisons.gender(female, Records.child().gender("F").prepared()))
                .isEqualTo(Field.AGREE);
        assertThat(Comparisons.gender(female, Records.child().gender("male").prepared()))
                .isEqualTo(Field.DISAGREE);
        assertThat(Comparisons.gender(female, Records.child().gender("unknown").prepared()))
                .isZero();
    }

    @Test
    void identifiers_agree_disagree_or_are_missing_and_an_invalid_one_counts_as_missing() {
        String nhs = Records.nhs();
        String other = Records.nhs();
        var a = Records.child().nhs(nhs).prepared();
        assertThat(Comparisons.identifier(
                        a.nhs,
                        Records.child()
                                .nhs(nhs.substring(0, 3) + " " + nhs.substring(3))
                                .prepared()
                                .nhs))
                .isEqualTo(Field.AGREE);
        assertThat(Comparisons.identifier(a.nhs, Records.child().nhs(other).prepared().nhs))
                .isEqualTo(Field.DISAGREE);
        assertThat(Comparisons.identifier(
                        a.nhs, Records.child().nhs("1234567890").prepared().nhs))
                .isZero();
        String upn = Records.upn();
        assertThat(Comparisons.identifier(
                        Records.child().upn(upn).prepared().upn,
                        Records.child().upn(upn.toLowerCase()).prepared().upn))
                .isEqualTo(Field.AGREE);
        assertThat(Comparisons.identifier(
                        Records.child().upn(upn).prepared().upn,
                        Records.child().upn(Records.upn()).prepared().upn))
                .isEqualTo(Field.DISAGREE);
    }

    @Test
    void every_comparison_is_symmetric() {
        var a = Records.child()
                .given("Alfie James")
                .family("Smith-Jones")
                .born("2016-03-09")
                .prepared();
        var b = Records.child()
                .given("Alfred")
                .family("Jones")
                .born("2016-09-03")
                .postcode("LS6 2XY")
                .prepared();
        assertThat(Comparisons.compare(a, b)).isEqualTo(Comparisons.compare(b, a));
    }
}
