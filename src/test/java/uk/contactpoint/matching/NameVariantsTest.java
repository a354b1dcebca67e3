package uk.contactpoint.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NameVariantsTest {

    private final NameVariants variants = NameVariants.standard();

    @Test
    void nicknames_and_spellings_in_the_table_are_variants_both_ways() {
        assertThat(variants.areVariants("Alfie", "Alfred")).isTrue();
        assertThat(variants.areVariants("Alfred", "ALFIE")).isTrue();
        assertThat(variants.areVariants("Mohammed", "Muhammad")).isTrue();
        assertThat(variants.areVariants("Mohammad", "Mohammed")).isTrue();
        assertThat(variants.areVariants("Zoë", "Zoe")).isTrue();
    }

    @Test
    void names_that_merely_look_alike_are_not_variants() {
        assertThat(variants.areVariants("Alfie", "Archie")).isFalse();
        assertThat(variants.areVariants("Amelia", "Olivia")).isFalse();
    }

    @Test
    void a_name_in_two_groups_is_a_variant_of_both() {
        assertThat(variants.areVariants("Harry", "Henry")).isTrue();
        assertThat(variants.areVariants("Harry", "Harold")).isTrue();
    }

    @Test
    void a_malformed_table_is_refused_with_its_line() {
        var bad = new ByteArrayInputStream("# comment\nAlfred,,Alfie\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> NameVariants.parse(bad)).hasMessageContaining("line 2");
    }
}
