package uk.contactpoint.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class SearchCriteriaTest {

    static final LocalDate TODAY = LocalDate.of(2026, 11, 25);

    static SearchCriteria.Input input(
            String family, String given, String dob, String year, String postcode, String nhs, String upn) {
        return new SearchCriteria.Input(family, given, dob, year, null, null, postcode, nhs, upn);
    }

    static SearchCriteria of(SearchCriteria.Input in) {
        return SearchCriteria.of(in, TODAY);
    }

    static void refused(SearchCriteria.Input in, String field, String message) {
        assertThatThrownBy(() -> of(in))
                .isInstanceOf(SearchRefusedException.class)
                .hasMessageContaining(message)
                .extracting(e -> ((SearchRefusedException) e).field())
                .isEqualTo(field);
    }

    @Test
    void a_family_name_alone_or_a_given_name_and_date_of_birth_without_family_name_is_refused() {
        refused(input("Smith", null, null, null, null, null, null), "dateOfBirth", "Enter a family name and");
        refused(input(null, "Amelia", "2015-03-27", null, null, null, null), "familyName", "Enter a family name and");
        refused(input(null, null, null, null, null, null, null), "familyName", "Enter a family name and");
        refused(input(null, null, null, null, "LS6 2AB", null, null), "familyName", "Enter a family name and");
    }

    @Test
    void a_family_name_with_a_date_of_birth_a_birth_year_or_a_postcode_is_enough() {
        assertThat(of(input("Smith", null, "2015-03-27", null, null, null, null))
                        .dateOfBirth())
                .isEqualTo(LocalDate.of(2015, 3, 27));
        var year = of(input("Smith", null, null, "2015", null, null, null));
        assertThat(year.bornFrom()).isEqualTo(LocalDate.of(2015, 1, 1));
        assertThat(year.bornTo()).isEqualTo(LocalDate.of(2015, 12, 31));
        assertThat(of(input("Smith", null, null, null, "ls62ab", null, null))
                        .postcode()
                        .value())
                .isEqualTo("LS6 2AB");
        assertThat(of(input("Smith", null, null, null, "ls6", null, null)).district())
                .isEqualTo("LS6");
    }

    @Test
    void an_exact_nhs_number_or_upn_is_enough_on_its_own_but_a_partial_one_is_refused() {
        assertThat(of(input(null, null, null, null, null, "943 476 5919", null)).byIdentifier())
                .isTrue();
        refused(input(null, null, null, null, null, "9434765", null), "nhsNumber", "10-digit NHS number");
        refused(input(null, null, null, null, null, "9434765918", null), "nhsNumber", "10-digit NHS number");
        refused(input(null, null, null, null, null, null, "A1234"), "upn", "UPN");
    }

    @Test
    void wildcards_and_symbols_in_names_are_refused_and_a_one_letter_family_name_too() {
        refused(input("Sm*", null, "2015-03-27", null, null, null, null), "familyName", "only have letters");
        refused(input("S%", null, "2015-03-27", null, null, null, null), "familyName", "only have letters");
        refused(input("Smith", "?", "2015-03-27", null, null, null, null), "givenName", "only have letters");
        refused(input("S", null, "2015-03-27", null, null, null, null), "familyName", "Enter the whole family name");
        assertThat(of(input("O'Brien-Smith", "Zoë", "2015-03-27", null, null, null, null))
                        .familyName())
                .isEqualTo("O'Brien-Smith");
    }

    @Test
    void an_age_range_becomes_dates_of_birth_and_may_span_at_most_three_years() {
        var range = SearchCriteria.of(
                new SearchCriteria.Input("Smith", null, null, null, "6", "8", null, null, null), TODAY);
        // Aged 8 today at the oldest: born after 25 November 2017; aged 6 at the youngest: born by 25 November 2020.
        assertThat(range.bornFrom()).isEqualTo(LocalDate.of(2017, 11, 26));
        assertThat(range.bornTo()).isEqualTo(LocalDate.of(2020, 11, 25));
        assertThatThrownBy(() -> SearchCriteria.of(
                        new SearchCriteria.Input("Smith", null, null, null, "0", "17", null, null, null), TODAY))
                .hasMessageContaining("at most 3 years");
        assertThatThrownBy(() -> SearchCriteria.of(
                        new SearchCriteria.Input("Smith", null, null, null, "6", null, null, null, null), TODAY))
                .hasMessageContaining("both ends");
    }

    @Test
    void a_date_of_birth_and_a_birth_year_together_or_an_unreal_or_future_date_are_refused() {
        refused(input("Smith", null, "2015-03-27", "2015", null, null, null), "dateOfBirth", "not more than one");
        refused(input("Smith", null, "2015-02-30", null, null, null, null), "dateOfBirth", "real date");
        refused(input("Smith", null, "2027-01-01", null, null, null, null), "dateOfBirth", "last 25 years");
        refused(input("Smith", null, null, "1990", null, null, null), "birthYear", "last 25 years");
        refused(input("Smith", null, null, null, "LS6 2", null, null), "postcode", "full postcode or a postcode");
    }
}
