package uk.contactpoint.feeds;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import uk.contactpoint.kernel.Gender;
import uk.contactpoint.kernel.NhsNumber;
import uk.contactpoint.kernel.Postcode;
import uk.contactpoint.kernel.ServiceType;
import uk.contactpoint.kernel.Upn;

/**
 * One valid row of a feed: one child as one source knows it. Absent values are empty optionals or nulls in the
 * nested records, never empty strings.
 */
public record FeedRow(
        long line,
        String recordId,
        Action action,
        Optional<NhsNumber> nhsNumber,
        Optional<Upn> upn,
        String givenNames,
        String familyName,
        List<String> formerFamilyNames,
        LocalDate dateOfBirth,
        Optional<Gender> gender,
        Address address,
        boolean noFixedAbode,
        Optional<LocalDate> dateOfDeath,
        List<Carer> carers,
        Optional<Service> service,
        boolean consentRecorded,
        List<String> warnings) {

    public enum Action {
        UPSERT,
        DELETE
    }

    public record Address(String line1, String line2, String town, Optional<Postcode> postcode, String uprn) {
        public boolean isEmpty() {
            return line1 == null && line2 == null && town == null && postcode.isEmpty() && uprn == null;
        }
    }

    public record Carer(String name, String relationship, String phone, String email) {}

    public record Service(
            ServiceType type,
            String organisationCode,
            String name,
            String practitionerName,
            String practitionerPhone,
            String practitionerEmail,
            Optional<LocalDate> startDate,
            boolean leadProfessional,
            Optional<LocalDate> cafCompletedDate) {

        /** The same service with its practitioner as the child's lead professional. */
        public Service asLead() {
            return new Service(
                    type,
                    organisationCode,
                    name,
                    practitionerName,
                    practitionerPhone,
                    practitionerEmail,
                    startDate,
                    true,
                    cafCompletedDate);
        }

        /** The same service, having completed a CAF assessment on that date. */
        public Service withCafCompleted(LocalDate date) {
            return new Service(
                    type,
                    organisationCode,
                    name,
                    practitionerName,
                    practitionerPhone,
                    practitionerEmail,
                    startDate,
                    leadProfessional,
                    Optional.of(date));
        }
    }
}
