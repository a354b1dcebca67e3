package uk.contactpoint.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import uk.contactpoint.access.Role;
import uk.contactpoint.kernel.ChildId;
import uk.contactpoint.kernel.ServiceType;

class RecordVisibilityTest {

    static final ChildRecord.Service SCHOOL = service(ServiceType.SCHOOL, "107001");
    static final ChildRecord.Service CAMHS = service(ServiceType.MENTAL_HEALTH, "MH01");
    static final ChildRecord.Service CLINIC = service(ServiceType.SEXUAL_HEALTH, null);

    static ChildRecord.Service service(ServiceType type, String organisation) {
        return new ChildRecord.Service(
                type, organisation, type.name(), "Worker " + type, "0113 496 0000", null, null, false, null, "src");
    }

    static ChildRecord child(boolean shielded) {
        return new ChildRecord(
                1,
                ChildId.random(new java.util.Random(1)),
                "ACTIVE",
                "Amelia",
                "O'Brien",
                List.of("Smith"),
                LocalDate.of(2016, 3, 9),
                "FEMALE",
                "9434765919",
                null,
                "CURRENT",
                "12 Mill Lane",
                null,
                "Leeds",
                "LS6 2AB",
                "383",
                null,
                shielded,
                List.of(new ChildRecord.Carer("Mary O'Brien", "Mother", "0113 496 0001", null)),
                List.of(SCHOOL, CAMHS, CLINIC),
                List.of(
                        new ChildRecord.SourceIdentifier("la-social-care", "Social care", "383", "SC-1"),
                        new ChildRecord.SourceIdentifier("nhs-pds", "PDS", "X26", "PDS-1"),
                        new ChildRecord.SourceIdentifier("hmrc", "Benefit", null, "HM-1")));
    }

    /** A viewer in Leeds (383), where the fixture child lives. */
    static RecordVisibility.Viewer viewer(String organisation, Role... roles) {
        return new RecordVisibility.Viewer(1, "u", organisation, "383", EnumSet.copyOf(List.of(roles)), false);
    }

    @Test
    void a_shielded_child_shows_only_name_gender_date_of_birth_and_id_to_every_role_but_the_team_and_an_override() {
        for (Role role : List.of(Role.PRACTITIONER, Role.PRACTITIONER_VIEW_ONLY, Role.CHILD_PROTECTION_OVERRIDE)) {
            var view = RecordVisibility.of(child(true), viewer("107001", role));
            assertThat(view).isInstanceOf(RecordView.Shielded.class);
            assertThat(view.toString()).doesNotContain("Mill Lane", "LS6", "Mary", "9434765919", "Smith", "Worker");
        }
        assertThat(RecordVisibility.of(child(true), viewer("383", Role.LA_TEAM)))
                .isInstanceOfSatisfying(RecordView.Full.class, f -> {
                    assertThat(f.shielded()).isTrue();
                    assertThat(f.overridden()).isFalse();
                });
        var override = new RecordVisibility.Viewer(1, "u", "WYP", null, Set.of(Role.CHILD_PROTECTION_OVERRIDE), true);
        assertThat(RecordVisibility.of(child(true), override)).isInstanceOfSatisfying(RecordView.Full.class, f -> {
            assertThat(f.overridden()).isTrue();
            assertThat(f.address()).contains("LS6 2AB");
            assertThat(f.services()).containsExactly(SCHOOL);
        });
    }

    @Test
    void the_team_of_another_authority_sees_a_shielded_child_and_sensitive_services_as_a_practitioner_would() {
        var bradford = new RecordVisibility.Viewer(1, "u", "380", "380", Set.of(Role.LA_TEAM), false);
        assertThat(RecordVisibility.of(child(true), bradford)).isInstanceOf(RecordView.Shielded.class);
        assertThat(((RecordView.Full) RecordVisibility.of(child(false), bradford)).services())
                .containsExactly(SCHOOL);
        var national = new RecordVisibility.Viewer(1, "u", "CPNAT", null, Set.of(Role.LA_TEAM), false);
        assertThat(RecordVisibility.of(child(true), national)).isInstanceOf(RecordView.Shielded.class);
    }

    @Test
    void only_a_child_protection_override_user_can_override() {
        assertThatThrownBy(() -> new RecordVisibility.Viewer(1, "u", "107001", "383", Set.of(Role.PRACTITIONER), true))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sensitive_services_are_shown_only_to_their_own_organisation_and_the_team() {
        assertThat(full(viewer("107001", Role.PRACTITIONER)).services()).containsExactly(SCHOOL);
        assertThat(full(viewer("MH01", Role.PRACTITIONER)).services()).containsExactly(SCHOOL, CAMHS);
        assertThat(full(viewer("MH01", Role.PRACTITIONER_VIEW_ONLY)).services()).containsExactly(SCHOOL, CAMHS);
        assertThat(full(viewer("383", Role.LA_TEAM)).services()).containsExactly(SCHOOL, CAMHS, CLINIC);
        // A service with no organisation code is nobody's own, not everybody's.
        assertThat(full(viewer(null, Role.PRACTITIONER)).services()).containsExactly(SCHOOL);
    }

    @Test
    void a_sources_identifiers_are_shown_only_to_the_organisation_that_runs_it() {
        assertThat(full(viewer("383", Role.LA_TEAM)).sourceIdentifiers())
                .extracting(ChildRecord.SourceIdentifier::recordId)
                .containsExactly("SC-1");
        assertThat(full(viewer("X26", Role.PRACTITIONER)).sourceIdentifiers())
                .extracting(ChildRecord.SourceIdentifier::recordId)
                .containsExactly("PDS-1");
        assertThat(full(viewer("107001", Role.PRACTITIONER)).sourceIdentifiers())
                .isEmpty();
        assertThat(full(viewer(null, Role.PRACTITIONER)).sourceIdentifiers()).isEmpty();
    }

    @Test
    void an_unshielded_record_shows_names_former_names_address_carers_and_identifiers() {
        var f = full(viewer("107001", Role.PRACTITIONER_VIEW_ONLY));
        assertThat(f.formerFamilyNames()).containsExactly("Smith");
        assertThat(f.address()).containsExactly("12 Mill Lane", "Leeds", "LS6 2AB");
        assertThat(f.carers()).extracting(ChildRecord.Carer::name).containsExactly("Mary O'Brien");
        assertThat(f.nhsNumber()).isEqualTo("9434765919");
        assertThat(f.shielded()).isFalse();
        assertThat(f.schools()).containsExactly(SCHOOL);
    }

    static RecordView.Full full(RecordVisibility.Viewer viewer) {
        return (RecordView.Full) RecordVisibility.of(child(false), viewer);
    }
}
