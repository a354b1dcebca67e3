package uk.contactpoint.directory;

import java.time.LocalDate;
import java.util.List;
import uk.contactpoint.kernel.ChildId;
import uk.contactpoint.kernel.ServiceType;

/**
 * A child's record as the directory holds it, whole: what the visibility rules ({@link RecordVisibility}) cut down to
 * what one viewer may see. Never shown as it is.
 */
record ChildRecord(
        long id,
        ChildId childId,
        String state,
        String givenNames,
        String familyName,
        List<String> formerFamilyNames,
        LocalDate dateOfBirth,
        String gender,
        String nhsNumber,
        String upn,
        String addressStatus,
        String addressLine1,
        String addressLine2,
        String town,
        String postcode,
        String localAuthorityCode,
        LocalDate dateOfDeath,
        boolean shielded,
        List<Carer> carers,
        List<Service> services,
        List<SourceIdentifier> sourceIdentifiers) {

    ChildRecord {
        formerFamilyNames = List.copyOf(formerFamilyNames);
        carers = List.copyOf(carers);
        services = List.copyOf(services);
        sourceIdentifiers = List.copyOf(sourceIdentifiers);
    }

    /** The address as lines, leaving out the parts not held. */
    public List<String> addressLines() {
        return java.util.stream.Stream.of(addressLine1, addressLine2, town, postcode)
                .filter(line -> line != null && !line.isBlank())
                .toList();
    }

    /** Active, or kept though no source knows it any more: the records a practitioner can open. */
    boolean live() {
        return "ACTIVE".equals(state) || "UNKNOWN_TO_SOURCES".equals(state);
    }

    record Carer(String name, String relationship, String phone, String email) {}

    /** One service working with the child, as one source record says. */
    record Service(
            ServiceType type,
            String organisationCode,
            String serviceName,
            String practitionerName,
            String practitionerPhone,
            String practitionerEmail,
            LocalDate startedOn,
            boolean leadProfessional,
            LocalDate cafCompletedOn,
            String sourceCode) {}

    /** A source's own identifier for the child, and the organisation that runs the source (null when none is set). */
    record SourceIdentifier(String sourceCode, String sourceName, String organisationCode, String recordId) {}
}
