package uk.contactpoint.matching;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class StandardiseTest {

    @Test
    void case_accents_and_punctuation_fold_away() {
        assertThat(Standardise.nameKey("O'Brien")).isEqualTo("OBRIEN");
        assertThat(Standardise.nameKey("O BRIEN")).isEqualTo("OBRIEN");
        assertThat(Standardise.nameKey("Wójcik")).isEqualTo("WOJCIK");
        assertThat(Standardise.nameKey("Łukasz")).isEqualTo("LUKASZ");
        assertThat(Standardise.nameKey("Smith-Jones")).isEqualTo("SMITHJONES");
    }

    @Property
    void the_key_is_idempotent_and_only_capital_letters(@ForAll String name) {
        String key = Standardise.nameKey(name);
        assertThat(key).matches("[A-Z]*");
        assertThat(Standardise.nameKey(key)).isEqualTo(key);
    }

    @Test
    void the_first_given_name_is_the_first_word() {
        assertThat(Standardise.firstGivenName(" Amelia Rose ")).isEqualTo("Amelia");
        assertThat(Standardise.firstGivenName("Amelia")).isEqualTo("Amelia");
    }
}
