package uk.contactpoint.directory;

import java.time.LocalDate;
import java.util.List;

/** What one viewer may see of a child's record: the whole of it, or the shielded view. Built by {@link RecordVisibility}. */
sealed interface RecordView {

    String childId();

    String givenNames();

    String familyName();

    String gender();

    LocalDate dateOfBirth();

    /**
     * A shielded child, for anyone but the ContactPoint team and an override: name, gender, date of birth and the
     * ContactPoint ID, and the way to the team. Nothing else about the child is in it.
     */
    record Shielded(String childId, String givenNames, String familyName, String gender, LocalDate dateOfBirth)
            implements RecordView {
        static final String MESSAGE = "This record is shielded. To contact the services working with this child,"
                + " contact the ContactPoint team of the child's local authority.";

        public String message() {
            return MESSAGE;
        }
    }

    /**
     * The record, with sensitive services the viewer may not see and other sources' identifiers already left out.
     * {@code shielded} is true when the ContactPoint team or an override sees a shielded child whole; {@code teamView}
     * when the viewer is the ContactPoint team of the child's authority (who shields and lifts shields).
     */
    record Full(
            String childId,
            String givenNames,
            String familyName,
            List<String> formerFamilyNames,
            String gender,
            LocalDate dateOfBirth,
            LocalDate dateOfDeath,
            String nhsNumber,
            String upn,
            String addressStatus,
            List<String> address,
            List<ChildRecord.Carer> carers,
            List<ChildRecord.Service> services,
            List<ChildRecord.SourceIdentifier> sourceIdentifiers,
            boolean shielded,
            boolean overridden,
            boolean teamView)
            implements RecordView {

        /** The school, GP and other services are all in {@code services}; these pick out the first two for the summary. */
        public List<ChildRecord.Service> schools() {
            return services.stream()
                    .filter(s -> s.type() == uk.contactpoint.kernel.ServiceType.SCHOOL
                            || s.type() == uk.contactpoint.kernel.ServiceType.EARLY_YEARS)
                    .toList();
        }

        public List<ChildRecord.Service> gps() {
            return services.stream()
                    .filter(s -> s.type() == uk.contactpoint.kernel.ServiceType.GP)
                    .toList();
        }
    }
}
