package uk.contactpoint.directory;

import java.time.LocalDate;
import java.util.List;
import uk.contactpoint.kernel.ServiceType;

/** A child's record as the directory shows it, assembled from the source records linked to the child. */
record AssembledChild(
        String givenNames,
        String familyName,
        LocalDate dateOfBirth,
        String gender,
        String nhsNumber,
        String upn,
        String matchKey,
        String addressStatus,
        String addressLine1,
        String addressLine2,
        String town,
        String postcode,
        String uprn,
        LocalDate dateOfDeath,
        List<String> formerFamilyNames,
        List<Carer> carers,
        List<Involvement> involvements) {

    record Carer(String name, String relationship, String phone, String email, long sourceRecordId) {}

    record Involvement(
            ServiceType type,
            String organisationCode,
            String serviceName,
            String practitionerName,
            String practitionerPhone,
            String practitionerEmail,
            LocalDate startedOn,
            boolean leadProfessional,
            LocalDate cafCompletedOn,
            boolean consentRecorded,
            long sourceRecordId) {}
}
