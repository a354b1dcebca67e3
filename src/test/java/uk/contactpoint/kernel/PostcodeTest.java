package uk.contactpoint.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PostcodeTest {

    @ParameterizedTest
    @CsvSource({
        "ls6 2ab, LS6 2AB",
        "LS62AB, LS6 2AB",
        "  sw1a 1aa , SW1A 1AA",
        "B1 1BB, B1 1BB",
        "EC1A1BB, EC1A 1BB",
        "m1 1ae, M1 1AE",
        "CR26XH, CR2 6XH"
    })
    void postcodes_in_any_case_with_or_without_the_space_take_one_form(String typed, String normal) {
        assertThat(Postcode.of(typed).value()).isEqualTo(normal);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "LS6", "LS6 2A", "QS6 2AB", "LS6 2CB", "12345", "LS6 2AB X", "LSS6 2AB"})
    void things_that_are_not_postcodes_are_refused(String typed) {
        assertThatThrownBy(() -> Postcode.of(typed)).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void a_postcode_knows_its_district_sector_and_area() {
        Postcode postcode = Postcode.of("LS6 2AB");
        assertThat(postcode.district()).isEqualTo("LS6");
        assertThat(postcode.sector()).isEqualTo("LS6 2");
        assertThat(postcode.area()).isEqualTo("LS");
    }
}
