package uk.contactpoint.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class ChildIdProperties {

    @Provide
    Arbitrary<ChildId> childIds() {
        return Arbitraries.longs().map(seed -> ChildId.random(new SplittableRandom(seed)));
    }

    @Property
    void the_grouped_form_and_lower_case_parse_back_to_the_same_id(@ForAll("childIds") ChildId id) {
        assertThat(ChildId.of(id.formatted())).isEqualTo(id);
        assertThat(ChildId.of(id.formatted().toLowerCase())).isEqualTo(id);
        assertThat(id.formatted()).matches("CP-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]");
    }

    @Property
    void any_single_wrong_character_is_caught(
            @ForAll("childIds") ChildId id,
            @ForAll @IntRange(min = 2, max = 10) int position,
            @ForAll @IntRange(min = 1, max = 31) int shift) {
        String value = id.value();
        char wrong = ChildId.ALPHABET.charAt((ChildId.ALPHABET.indexOf(value.charAt(position)) + shift) % 32);
        String typo = value.substring(0, position) + wrong + value.substring(position + 1);
        assertThatThrownBy(() -> ChildId.of(typo)).isInstanceOf(InvalidValueException.class);
    }

    @Example
    void letters_that_look_like_digits_are_read_as_digits() {
        ChildId id = ChildId.random(new SplittableRandom(7));
        String withLetters = id.value().substring(0, 2)
                + id.value().substring(2).replace('0', 'O').replace('1', 'I');
        assertThat(ChildId.of(withLetters)).isEqualTo(id);
    }

    @Example
    void ids_that_are_not_contactpoint_ids_are_refused_with_a_reason() {
        assertThatThrownBy(() -> ChildId.of("9434765919")).hasMessageContaining("CP-7K3M-9QXD-4");
        assertThatThrownBy(() -> ChildId.of("CP-UUUU-UUUU-U")).isInstanceOf(InvalidValueException.class);
    }
}
