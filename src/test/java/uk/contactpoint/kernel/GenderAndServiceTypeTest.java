package uk.contactpoint.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GenderAndServiceTypeTest {

    @Test
    void the_feed_codes_and_their_letters_mean_the_same() {
        assertThat(Gender.fromFeed("M")).isEqualTo(Gender.fromFeed("male")).isEqualTo(Gender.MALE);
        assertThat(Gender.fromFeed("u")).isEqualTo(Gender.fromFeed("unknown")).isEqualTo(Gender.NOT_SPECIFIED);
        assertThatThrownBy(() -> Gender.fromFeed("boy")).hasMessageContaining("male, female, other, unknown");
    }

    @Test
    void exactly_the_three_services_the_regulations_name_are_sensitive() {
        assertThat(java.util.Arrays.stream(ServiceType.values()).filter(ServiceType::sensitive))
                .containsExactlyInAnyOrder(
                        ServiceType.SEXUAL_HEALTH, ServiceType.MENTAL_HEALTH, ServiceType.SUBSTANCE_MISUSE);
        assertThat(ServiceType.fromFeed("substance_misuse").sensitive()).isTrue();
        assertThatThrownBy(() -> ServiceType.fromFeed("dentist")).hasMessageContaining("school, early_years");
    }

    @Test
    void a_service_has_a_name_for_people() {
        assertThat(ServiceType.GP.label()).isEqualTo("GP");
        assertThat(ServiceType.HEALTH_VISITOR.label()).isEqualTo("Health visitor");
        assertThat(ServiceType.SCHOOL.label()).isEqualTo("School");
    }
}
