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

class UpnProperties {

    @Provide
    Arbitrary<String> validUpns() {
        return Arbitraries.strings().numeric().ofLength(12).map(digits -> Upn.checkLetter(digits) + digits);
    }

    @Property
    void a_upn_with_its_check_letter_is_accepted_in_any_case(@ForAll("validUpns") String upn) {
        assertThat(Upn.of(upn.toLowerCase()).value()).isEqualTo(upn);
    }

    @Property
    void the_check_letter_is_never_I_O_or_S(@ForAll("validUpns") String upn) {
        assertThat(upn.charAt(0)).isNotIn('I', 'O', 'S');
    }

    @Property
    void any_single_wrong_digit_is_caught(
            @ForAll("validUpns") String upn,
            @ForAll @IntRange(min = 1, max = 12) int position,
            @ForAll @IntRange(min = 1, max = 9) int shift) {
        char wrong = (char) ('0' + (upn.charAt(position) - '0' + shift) % 10);
        String typo = upn.substring(0, position) + wrong + upn.substring(position + 1);
        assertThatThrownBy(() -> Upn.of(typo)).hasMessage("the UPN's check letter is wrong");
    }

    @Property
    void any_swap_of_two_different_neighbouring_digits_is_caught(
            @ForAll("validUpns") String upn, @ForAll @IntRange(min = 1, max = 11) int position) {
        Assume.that(upn.charAt(position) != upn.charAt(position + 1));
        String swapped = upn.substring(0, position)
                + upn.charAt(position + 1)
                + upn.charAt(position)
                + upn.substring(position + 2);
        assertThatThrownBy(() -> Upn.of(swapped)).isInstanceOf(InvalidValueException.class);
    }

    @Example
    void a_worked_example_follows_the_dfe_rule() {
        // Characters 2-13 weighted 2-13. For 801200001001: 8*2 + 1*4 + 2*5 + 1*10 + 1*13
        // = 16+4+10+10+13 = 53; 53 mod 23 = 7, the eighth letter: H.
        assertThat(Upn.checkLetter("801200001001")).isEqualTo('H');
        assertThat(Upn.of("H801200001001").value()).isEqualTo("H801200001001");
        assertThatThrownBy(() -> Upn.of("H80120000100")).hasMessageContaining("13 characters");
    }
}
