package uk.contactpoint.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class NhsNumberProperties {

    @Provide
    Arbitrary<String> validNhsNumbers() {
        return Arbitraries.strings()
                .numeric()
                .ofLength(9)
                .filter(nine -> NhsNumber.checkDigit(nine) >= 0)
                .map(nine -> nine + NhsNumber.checkDigit(nine));
    }

    @Property
    void a_number_with_its_check_digit_is_accepted(@ForAll("validNhsNumbers") String number) {
        assertThat(NhsNumber.of(number).value()).isEqualTo(number);
    }

    @Property
    void spaces_as_people_write_them_are_accepted(@ForAll("validNhsNumbers") String number) {
        String spaced = number.substring(0, 3) + " " + number.substring(3, 6) + " " + number.substring(6);
        assertThat(NhsNumber.of(spaced)).isEqualTo(NhsNumber.of(number));
        assertThat(NhsNumber.of(number).formatted()).isEqualTo(spaced);
    }

    @Property
    void any_single_wrong_digit_is_caught(
            @ForAll("validNhsNumbers") String number,
            @ForAll @IntRange(min = 0, max = 9) int position,
            @ForAll @IntRange(min = 1, max = 9) int shift) {
        char wrong = (char) ('0' + (number.charAt(position) - '0' + shift) % 10);
        String typo = number.substring(0, position) + wrong + number.substring(position + 1);
        assertThatThrownBy(() -> NhsNumber.of(typo)).isInstanceOf(InvalidValueException.class);
    }

    @Property
    void any_swap_of_two_different_neighbouring_digits_is_caught(
            @ForAll("validNhsNumbers") String number, @ForAll @IntRange(min = 0, max = 8) int position) {
        Assume.that(number.charAt(position) != number.charAt(position + 1));
        String swapped = number.substring(0, position)
                + number.charAt(position + 1)
                + number.charAt(position)
                + number.substring(position + 2);
        assertThatThrownBy(() -> NhsNumber.of(swapped)).isInstanceOf(InvalidValueException.class);
    }

    @Example
    void the_feed_format_example_is_valid_and_its_neighbour_is_not() {
        assertThat(NhsNumber.of("943 476 5919").value()).isEqualTo("9434765919");
        assertThatThrownBy(() -> NhsNumber.of("943 476 5918")).hasMessage("the NHS number's check digit is wrong");
        assertThatThrownBy(() -> NhsNumber.of("94347659")).hasMessage("an NHS number has 10 digits");
    }

    @Example
    void nine_digits_whose_remainder_is_ten_have_no_valid_number() {
        // When the weighted sum leaves remainder 1, the check digit would be 10: no such number is ever issued.
        String nine = java.util.stream.IntStream.range(0, 1000)
                .mapToObj(i -> String.format("%09d", i))
                .filter(s -> NhsNumber.checkDigit(s) == -1)
                .findFirst()
                .orElseThrow();
        for (int d = 0; d <= 9; d++) {
            String candidate = nine + d;
            assertThatThrownBy(() -> NhsNumber.of(candidate)).isInstanceOf(InvalidValueException.class);
        }
    }
}
